package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/catalog"
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/rules/rulestest"
)

// TestRulesUseTheCatalog checks every technology id and category the rules
// (and rule.Context's helpers) declare against the embedded catalog: a
// rule asking for a technology or a category no entry has never fires, or
// always does.
func TestRulesUseTheCatalog(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, e := range cat.Entries() {
		used[e.Category] = true
	}
	check := func(who string, u rule.Uses) {
		for _, id := range u.IDs {
			if _, ok := cat.Get(id); !ok {
				t.Errorf("%s declares the technology id %q, which is not in the catalog", who, id)
			}
		}
		for _, c := range u.Categories {
			if _, ok := catalog.CategoryNamed(c); !ok || !used[c] {
				t.Errorf("%s declares the category %q, which no catalog entry has", who, c)
			}
		}
	}
	for _, r := range All() {
		check("rule "+r.ID, r.Uses)
	}
	check("rule.ContextUses", rule.ContextUses)
}

// TestRulesDeclareWhatTheyAsk reads the rules' source and checks that every
// id or category a rule asks the stack for is one its Uses declares: the
// string literals passed to the helpers that look technologies up
// (ByCategory, AnyOf, Tech, Has, Entry, present, inIDs...), the elements of
// the []string variables passed to them, and the literals compared with or
// switched on a technology's ID or Category.
func TestRulesDeclareWhatTheyAsk(t *testing.T) {
	byID := map[string]rule.Uses{}
	var all []string
	for _, r := range All() {
		byID[r.ID] = r.Uses
		all = append(all, r.Uses.Words()...)
	}
	all = append(all, rule.ContextUses.Words()...)

	for dir, own := range map[string]func(file string, ruleIDs []string) []string{
		".": func(file string, ruleIDs []string) []string {
			if len(ruleIDs) == 0 { // helpers: what some rule declares
				return all
			}
			var words []string
			for _, id := range ruleIDs {
				words = append(words, byID[id].Words()...)
			}
			return words
		},
		"../rule": func(string, []string) []string { return rule.ContextUses.Words() },
	} {
		asked := askedWords(t, dir)
		for _, a := range asked {
			if declared := own(a.file, a.rules); !slices.Contains(declared, a.word) {
				who := "helpers (no rule in the file)"
				if len(a.rules) > 0 {
					who = "rule " + strings.Join(a.rules, ", ")
				}
				if dir == "../rule" {
					who = "rule.ContextUses"
				}
				t.Errorf("%s asks for %q (written at %s), which %s does not declare in Uses", filepath.Join(dir, a.file), a.word, filepath.Join(dir, a.at), who)
			}
		}
	}
}

// TestAskedWordsFinds keeps the source reader honest: it must see each
// kind of question the rules ask.
func TestAskedWordsFinds(t *testing.T) {
	dir := t.TempDir()
	src := `package x

var R = rule.Rule{Info: rule.Info{ID: "x/y"}}

var listed = []string{"from-list"}

func f(ctx *rule.Context, t stack.Technology) {
	ctx.ByCategory("by-category")
	present(ctx, listed, "present-category")
	_ = t.ID == "compared-id"
	_ = "compared-category" != t.Category
	switch t.Category {
	case "switched-category":
	}
	_ = slices.Contains(listed, t.ID)
	_ = inIDs([]string{"inline-list"}, t.ID)
	_ = strings.Contains(t.Name, "not-vocabulary")
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range askedWords(t, dir) {
		got = append(got, a.word)
		if !slices.Equal(a.rules, []string{"x/y"}) {
			t.Errorf("%q attributed to %v, want x/y", a.word, a.rules)
		}
	}
	sort.Strings(got)
	want := []string{"by-category", "compared-category", "compared-id", "from-list", "from-list", "inline-list", "present-category", "switched-category"}
	if !slices.Equal(got, want) {
		t.Errorf("askedWords = %v\nwant          %v", got, want)
	}
}

// TestTestCatalogAgrees checks that the small catalog the rule tests run on
// says what the embedded catalog says about each of its technologies.
func TestTestCatalogAgrees(t *testing.T) {
	real, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rulestest.Catalog(t).Entries() {
		r, ok := real.Get(e.ID)
		switch {
		case !ok:
			t.Errorf("test catalog: %q is not an id of the catalog", e.ID)
		case r.Layer != e.Layer || r.Category != e.Category:
			t.Errorf("test catalog: %q is %s/%s, the catalog says %s/%s", e.ID, e.Layer, e.Category, r.Layer, r.Category)
		}
	}
}

// askedFor is one word a rule asks the catalog for, where it does.
type askedFor struct {
	file  string // where it is asked
	at    string // where the word is written (file:line)
	word  string
	rules []string // ids of the rules the file defines
}

// lookupFuncs take ids or categories among their arguments.
var lookupFuncs = map[string]bool{
	"ByCategory": true, "AnyOf": true, "Tech": true, "Entry": true, "LayerOf": true,
	"present": true, "inIDs": true, "containsStr": true, "Contains": true,
}

// askedWords reads the non-test Go files of dir and returns the words
// asked for in them.
func askedWords(t *testing.T, dir string) []askedFor {
	t.Helper()
	fset := token.NewFileSet()
	matches, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	lists := map[string][]*ast.BasicLit{} // package-level []string variables
	for _, m := range matches {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, m, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(m)] = f
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lits, ok := stringList(vs.Values[i]); ok {
							lists[name.Name] = lits
						}
					}
				}
			}
		}
	}
	var out []askedFor
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		f := files[name]
		ruleIDs := definedRules(f)
		add := func(lit *ast.BasicLit) {
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
				pos := fset.Position(lit.Pos())
				out = append(out, askedFor{file: name, at: filepath.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line), word: s, rules: ruleIDs})
			}
		}
		addExpr := func(e ast.Expr) {
			switch e := e.(type) {
			case *ast.BasicLit:
				if e.Kind == token.STRING {
					add(e)
				}
			case *ast.Ident:
				for _, l := range lists[e.Name] {
					add(l)
				}
			case *ast.CompositeLit:
				if lits, ok := stringList(e); ok {
					for _, l := range lits {
						add(l)
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if !lookupFuncs[funcName(n.Fun)] {
					return true
				}
				if name := funcName(n.Fun); name == "Contains" || name == "containsStr" || name == "inIDs" {
					// a membership test counts when it asks about an ID or a Category
					if len(n.Args) != 2 || !isVocabField(n.Args[1]) {
						return true
					}
				}
				for _, a := range n.Args {
					addExpr(a)
				}
			case *ast.BinaryExpr:
				if n.Op == token.EQL || n.Op == token.NEQ {
					if isVocabField(n.X) {
						addExpr(n.Y)
					} else if isVocabField(n.Y) {
						addExpr(n.X)
					}
				}
			case *ast.SwitchStmt:
				if n.Tag != nil && isVocabField(n.Tag) {
					for _, s := range n.Body.List {
						for _, e := range s.(*ast.CaseClause).List {
							addExpr(e)
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// stringList returns the literals of a []string{...} of string literals.
func stringList(e ast.Expr) ([]*ast.BasicLit, bool) {
	cl, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	at, ok := cl.Type.(*ast.ArrayType)
	if !ok {
		return nil, false
	}
	if id, ok := at.Elt.(*ast.Ident); !ok || id.Name != "string" {
		return nil, false
	}
	var out []*ast.BasicLit
	for _, el := range cl.Elts {
		if l, ok := el.(*ast.BasicLit); ok && l.Kind == token.STRING {
			out = append(out, l)
		}
	}
	return out, true
}

// definedRules returns the ids of the rule.Rule values a file defines.
func definedRules(f *ast.File) []string {
	var ids []string
	ast.Inspect(f, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if sel, ok := cl.Type.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Info" {
			return true
		}
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "ID" {
					if l, ok := kv.Value.(*ast.BasicLit); ok {
						if s, err := strconv.Unquote(l.Value); err == nil {
							ids = append(ids, s)
						}
					}
				}
			}
		}
		return true
	})
	return ids
}

func funcName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// isVocabField reports whether e reads a technology's ID or Category (t.ID,
// db.Category).
func isVocabField(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && (sel.Sel.Name == "ID" || sel.Sel.Name == "Category")
}
