package catalog

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCodeAsksForKnownCategories reads the repository's Go code (tests
// and testdata aside) for the categories it compares a technology's
// Category with, switches on, or passes to ByCategory, and fails for any
// that is not in Categories: such a comparison is never true.
func TestCodeAsksForKnownCategories(t *testing.T) {
	fset := token.NewFileSet()
	for _, root := range []string{"../../internal", "../../detectors", "../../cmd"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			check := func(e ast.Expr) {
				if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
					if s, err := strconv.Unquote(l.Value); err == nil && s != "" {
						if _, ok := CategoryNamed(s); !ok {
							t.Errorf("%s asks for the category %q, which is not in Categories", fset.Position(l.Pos()), s)
						}
					}
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BinaryExpr:
					if n.Op == token.EQL || n.Op == token.NEQ {
						if isCategoryField(n.X) {
							check(n.Y)
						} else if isCategoryField(n.Y) {
							check(n.X)
						}
					}
				case *ast.SwitchStmt:
					if n.Tag != nil && isCategoryField(n.Tag) {
						for _, s := range n.Body.List {
							for _, e := range s.(*ast.CaseClause).List {
								check(e)
							}
						}
					}
				case *ast.CallExpr:
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ByCategory" {
						for _, a := range n.Args {
							check(a)
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func isCategoryField(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Category"
}
