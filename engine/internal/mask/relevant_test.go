package mask

import (
	"strings"
	"testing"

	"github.com/reprise-dev/reprise/engine/internal/vdom"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// isRelevant answers what looking up the lower-cased name answers.
func TestIsRelevantMatchesLookup(t *testing.T) {
	for _, c := range []Config{
		{},
		{MaskSelectors: []string{".private", "[data-Secret]"}, ExcludeSelectors: []string{"#x", "[style*=hidden]"}},
	} {
		r, err := Compile(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"class", "CLASS", "Class", "style", "STYLE", "id", "ID", "type", "Type",
			"autocomplete", "AutoComplete", "data-secret", "DATA-SECRET", "data-rr-is-password", "d", "",
			"claſs", "ſtyle", "\u212aey", "İd", "typé", "clas", "classes"} {
			if got, want := r.isRelevant(name), r.relevant[strings.ToLower(name)]; got != want {
				t.Errorf("%+v: isRelevant(%q) = %v, want %v", c, name, got, want)
			}
		}
	}
}

// keptOnElement answers true only where attrFate keeps the attribute.
func TestKeptOnElementMatchesAttrFate(t *testing.T) {
	r, err := Compile(Config{MaskSelectors: []string{".private"}})
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(r)
	kinds := map[rrweb.ValueKind]byte{rrweb.KindString: '"', rrweb.KindNumber: '0', rrweb.KindTrue: 't',
		rrweb.KindFalse: 'f', rrweb.KindNull: 'n', rrweb.KindObject: '{', rrweb.KindOther: '['}
	for _, tag := range []string{"div", "input", "textarea", "select", "option"} {
		n := &vdom.Node{Kind: vdom.ElementKind, ID: 7, Tag: tag}
		for _, c := range []ctx{{}, {masked: true}, {owner: vFull}, {masked: true, owner: vText, form: true}} {
			for _, name := range []string{"class", "style", "value", "Class", "title"} {
				for k, kind := range kinds {
					a := rrweb.Attr{Name: name, Kind: k, Str: "a b"}
					act, _ := tb.attrFate(n, c, name, kind, a.Str)
					if keptOnElement(a) && act != attrKeep {
						t.Errorf("<%s> %+v %s kind %c: keptOnElement, but attrFate says %d", tag, c, name, kind, act)
					}
					if (name == "class" || name == "style") && !keptOnElement(a) && act == attrKeep {
						t.Errorf("<%s> %+v %s kind %c: attrFate keeps it, keptOnElement does not say so", tag, c, name, kind)
					}
				}
			}
		}
	}
}
