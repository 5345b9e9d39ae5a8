package resolve

import (
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
)

// TestCategoriesAreVocabulary holds the categories resolve decides roles
// and scopes by to the catalog's vocabulary.
func TestCategoriesAreVocabulary(t *testing.T) {
	for name, set := range map[string]map[string]bool{"serviceCategories": serviceCategories, "workerCategories": workerCategories, "toolingCategories": toolingCategories} {
		for c := range set {
			if _, ok := catalog.CategoryNamed(c); !ok {
				t.Errorf("%s: %q is not a catalog category", name, c)
			}
		}
	}
}
