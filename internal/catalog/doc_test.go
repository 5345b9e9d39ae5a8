package catalog

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestAuthoringDocNamesEveryKey keeps docs/catalog.md current: every key an
// entry or a release cycle accepts is documented there.
func TestAuthoringDocNamesEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../docs/catalog.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, typ := range []reflect.Type{reflect.TypeFor[Entry](), reflect.TypeFor[Cycle]()} {
		for f := range typ.Fields() {
			key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if key != "" && !strings.Contains(doc, "`"+key+"`") {
				t.Errorf("docs/catalog.md does not document the key `%s` (%s.%s)", key, typ.Name(), f.Name)
			}
		}
	}
}

// TestAuthoringDocNamesVocabulary keeps docs/catalog.md's tables of
// ecosystems and categories current.
func TestAuthoringDocNamesVocabulary(t *testing.T) {
	b, err := os.ReadFile("../../docs/catalog.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, eco := range Ecosystems {
		if !strings.Contains(doc, "| `"+eco+"` |") {
			t.Errorf("docs/catalog.md does not document the ecosystem `%s`", eco)
		}
	}
	for _, c := range Categories {
		if !strings.Contains(doc, "| `"+c.Name+"` |") {
			t.Errorf("docs/catalog.md does not document the category `%s`", c.Name)
		}
	}
}
