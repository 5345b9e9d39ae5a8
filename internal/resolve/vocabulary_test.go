package resolve

import (
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
)

// TestCategoriesAreVocabulary checks that the categories resolve gives a
// meaning to are categories of the catalog: a misspelt one would silently
// never match.
func TestCategoriesAreVocabulary(t *testing.T) {
	for cat := range storeRoles {
		if _, ok := catalog.CategoryNamed(cat); !ok {
			t.Errorf("storeRoles names %q, not a catalog category", cat)
		}
	}
	for cat := range toolingCategories {
		if _, ok := catalog.CategoryNamed(cat); !ok {
			t.Errorf("toolingCategories names %q, not a catalog category", cat)
		}
	}
}
