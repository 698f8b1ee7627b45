package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/reprise-dev/reprise/engine/internal/mask"
	"github.com/reprise-dev/reprise/engine/rrweb"
)

// Rules are a project's privacy rules, as JSON (documented in
// engine/internal/mask/RULES.md). The zero value is the strictest useful
// setting: every input value masked, nothing else beyond the always-on
// defaults (passwords, card fields, one-time codes, hidden inputs and card
// numbers anywhere), which no rule can turn off.
type Rules struct {
	// CaptureTextInput keeps what users type in clear (rrweb's
	// maskAllInputs:false). false, the default, masks every text-like
	// input, textarea and select value.
	CaptureTextInput bool `json:"captureTextInput"`
	// MaskSelectors are CSS selectors; text, form values and readable
	// attributes inside matching elements become '*' per non-whitespace
	// character (rrweb's maskTextSelector, extended to values and
	// attributes).
	MaskSelectors []string `json:"maskSelectors,omitempty"`
	// ExcludeSelectors are CSS selectors; matching elements are kept as
	// empty placeholders of the same size and nothing inside them, nor any
	// event aimed inside them, is kept (rrweb's blockSelector).
	ExcludeSelectors []string `json:"excludeSelectors,omitempty"`
	// ExcludeDomains are host globs ("*.internal.example.com"); pages on
	// them are dropped and replaced by one marker event.
	ExcludeDomains []string `json:"excludeDomains,omitempty"`
	// ExcludeLocations are URL path globs ("/account/**", or with a host,
	// "shop.example.com/admin/*"); pages there are dropped like excluded
	// domains.
	ExcludeLocations []string `json:"excludeLocations,omitempty"`
}

// ExcludedMarkerTag is the tag of the Custom event that replaces an
// excluded page: {"tag":"reprise/excluded","payload":{"reason":"domain"|"location"}}.
const ExcludedMarkerTag = mask.MarkerTag

// ParseRules decodes and validates rules. Unknown fields are an error (a
// misspelt rule must not silently protect nothing), and every bad selector
// or pattern is reported by name.
func ParseRules(data []byte) (Rules, error) {
	var r Rules
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Rules{}, fmt.Errorf("engine: mask rules: %w", err)
	}
	if dec.More() {
		return Rules{}, errors.New("engine: mask rules: trailing data after the rules object")
	}
	if err := r.Validate(); err != nil {
		return Rules{}, err
	}
	return r, nil
}

// Validate reports every invalid selector or pattern in r.
func (r Rules) Validate() error {
	_, err := r.compile()
	return err
}

func (r Rules) compile() (*mask.Rules, error) {
	c, err := mask.Compile(mask.Config{
		CaptureTextInput: r.CaptureTextInput,
		MaskSelectors:    r.MaskSelectors,
		ExcludeSelectors: r.ExcludeSelectors,
		ExcludeDomains:   r.ExcludeDomains,
		ExcludeLocations: r.ExcludeLocations,
	})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return c, nil
}

// TabDiagnostic is a Diagnostic of one tab's stream (Event indexes that
// tab's events in the order they were given).
type TabDiagnostic struct {
	Tab string `json:"tab"`
	Diagnostic
}

// Masker masks recordings batch by batch, as the server does on every
// ingest batch: it keeps per-tab state (the page's DOM as recorded and what
// the rules decided about it) so that masking a stream in any number of
// batches gives byte-identical output to masking it whole. It is safe for
// concurrent use; each tab's batches must be given in emit order.
type Masker struct {
	mu sync.Mutex
	m  *mask.Masker
}

// NewMasker compiles rules into a Masker.
func NewMasker(rules Rules) (*Masker, error) {
	c, err := rules.compile()
	if err != nil {
		return nil, err
	}
	return &Masker{m: mask.New(c)}, nil
}

// MaskBatch masks the next events of tab tabID and returns the events to
// store or stream. Events may be dropped (content inside excluded elements,
// excluded pages, data that cannot be classified safely) or added (a marker
// for an excluded page; synthetic Input events with userTriggered:false that
// overwrite a value shown in clear before an element became masked). Bad
// data never causes a panic or an error: it is masked or dropped, and
// reported in the diagnostics. events is not modified.
func (m *Masker) MaskBatch(tabID string, events []rrweb.Event) ([]rrweb.Event, []Diagnostic, error) {
	if m == nil || m.m == nil {
		return nil, nil, errors.New("engine: Masker not created by NewMasker")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out, d := m.m.Batch(tabID, events)
	return out, d, nil
}

// CloseTab releases the state kept for tab tabID.
func (m *Masker) CloseTab(tabID string) {
	if m == nil || m.m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m.Close(tabID)
}

// DecodeMask decodes data (anything rrweb.Decode reads) and masks it: the
// result is exactly rrweb.DecodeWith then Mask's, errors included. A bare
// event list is masked while it is decoded, so each Mutation payload is
// read once (by the masker) rather than scanned by the decoder and read
// again; session documents are decoded, then masked. opts.Hook is its own
// (any hook given is replaced).
func DecodeMask(data []byte, opts rrweb.DecodeOptions, rules Rules) (*rrweb.Document, rrweb.Info, []TabDiagnostic, error) {
	c, err := rules.compile()
	if err != nil {
		return nil, rrweb.Info{}, nil, err
	}
	s := mask.New(c).Stream(rrweb.DefaultTabID)
	opts.Hook = s
	doc, info, err := rrweb.DecodeWith(data, opts)
	if err != nil {
		return nil, info, nil, err
	}
	if s.Events() == 0 {
		// Not followed while decoding (a session document, msgpack, CBOR,
		// or no events at all): mask the decoded document.
		out, diags := maskDoc(c, doc)
		return out, info, diags, nil
	}
	// The stream saw the bare list and masked it in place.
	if len(doc.Tabs) != 1 || len(doc.Tabs[0].Events) != s.Kept() {
		return nil, info, nil, fmt.Errorf("engine: masking while decoding lost track of the events (%d of %d kept; the document has %d tabs)", s.Kept(), s.Events(), len(doc.Tabs))
	}
	return doc, info, tabDiags(nil, doc.Tabs[0].ID, s.Diagnostics()), nil
}

// Mask masks a whole recording (one batch per tab) and returns a new
// document with the same metadata; doc is not modified. Use it to re-mask
// stored recordings when rules change.
func Mask(doc *rrweb.Document, rules Rules) (*rrweb.Document, []TabDiagnostic, error) {
	if doc == nil {
		return nil, nil, ErrNoEvents
	}
	c, err := rules.compile()
	if err != nil {
		return nil, nil, err
	}
	out, diags := maskDoc(c, doc)
	return out, diags, nil
}

// maskDoc masks every tab of doc with compiled rules c.
func maskDoc(c *mask.Rules, doc *rrweb.Document) (*rrweb.Document, []TabDiagnostic) {
	m := mask.New(c)
	out := *doc
	out.Tabs = make([]rrweb.Tab, len(doc.Tabs))
	var diags []TabDiagnostic
	for i, tb := range doc.Tabs {
		evs, d := m.Batch(tb.ID, tb.Events)
		m.Close(tb.ID)
		out.Tabs[i] = rrweb.Tab{ID: tb.ID, Events: evs}
		diags = tabDiags(diags, tb.ID, d)
	}
	return &out, diags
}

// tabDiags appends tab's diagnostics d to list.
func tabDiags(list []TabDiagnostic, tab string, d []Diagnostic) []TabDiagnostic {
	for _, x := range d {
		list = append(list, TabDiagnostic{Tab: tab, Diagnostic: x})
	}
	return list
}
