package rrweb

import "testing"

// TestEnumValues pins every enum to rrweb's wire numbers
// (rrweb-format.md §1.2, §2.1, §3.1; @rrweb/types 2.x). The numbers are
// written out literally on purpose: a renumbering must fail here.
func TestEnumValues(t *testing.T) {
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"DomContentLoaded", int(DomContentLoaded), 0},
		{"Load", int(Load), 1},
		{"FullSnapshot", int(FullSnapshot), 2},
		{"IncrementalSnapshot", int(IncrementalSnapshot), 3},
		{"Meta", int(Meta), 4},
		{"Custom", int(Custom), 5},
		{"Plugin", int(Plugin), 6},
		{"Asset", int(Asset), 7},

		{"SourceMutation", int(SourceMutation), 0},
		{"SourceMouseMove", int(SourceMouseMove), 1},
		{"SourceMouseInteraction", int(SourceMouseInteraction), 2},
		{"SourceScroll", int(SourceScroll), 3},
		{"SourceViewportResize", int(SourceViewportResize), 4},
		{"SourceInput", int(SourceInput), 5},
		{"SourceTouchMove", int(SourceTouchMove), 6},
		{"SourceMediaInteraction", int(SourceMediaInteraction), 7},
		{"SourceStyleSheetRule", int(SourceStyleSheetRule), 8},
		{"SourceCanvasMutation", int(SourceCanvasMutation), 9},
		{"SourceFont", int(SourceFont), 10},
		{"SourceLog", int(SourceLog), 11},
		{"SourceDrag", int(SourceDrag), 12},
		{"SourceStyleDeclaration", int(SourceStyleDeclaration), 13},
		{"SourceSelection", int(SourceSelection), 14},
		{"SourceAdoptedStyleSheet", int(SourceAdoptedStyleSheet), 15},
		{"SourceCustomElement", int(SourceCustomElement), 16},

		{"DocumentNode", int(DocumentNode), 0},
		{"DocumentTypeNode", int(DocumentTypeNode), 1},
		{"ElementNode", int(ElementNode), 2},
		{"TextNode", int(TextNode), 3},
		{"CDATANode", int(CDATANode), 4},
		{"CommentNode", int(CommentNode), 5},

		{"MouseUp", int(MouseUp), 0},
		{"MouseDown", int(MouseDown), 1},
		{"Click", int(Click), 2},
		{"ContextMenu", int(ContextMenu), 3},
		{"DblClick", int(DblClick), 4},
		{"Focus", int(Focus), 5},
		{"Blur", int(Blur), 6},
		{"TouchStart", int(TouchStart), 7},
		{"TouchMoveDeparted", int(TouchMoveDeparted), 8},
		{"TouchEnd", int(TouchEnd), 9},
		{"TouchCancel", int(TouchCancel), 10},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d, rrweb says %d", tt.name, tt.got, tt.want)
		}
	}
}

// TestFormatNames checks String and ParseFormat agree for the CLI names.
func TestFormatNames(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    Format
	}{{"json", FormatJSON}, {"ndjson", FormatNDJSON}, {"msgpack", FormatMsgpack}, {"cbor", FormatCBOR}, {"auto", FormatAuto}} {
		if got := tt.f.String(); got != tt.name {
			t.Errorf("%d.String() = %q, want %q", tt.f, got, tt.name)
		}
		f, err := ParseFormat(tt.name)
		if err != nil || f != tt.f {
			t.Errorf("ParseFormat(%q) = %v, %v", tt.name, f, err)
		}
	}
	if f, err := ParseFormat("JSONL"); err != nil || f != FormatNDJSON {
		t.Errorf("ParseFormat(JSONL) = %v, %v", f, err)
	}
	if _, err := ParseFormat("xml"); !errorsIs(err, ErrUnknownFormat) {
		t.Errorf("ParseFormat(xml) error = %v, want ErrUnknownFormat", err)
	}
	if got := Format(42).String(); got != "Format(42)" {
		t.Errorf("Format(42).String() = %q", got)
	}
}
