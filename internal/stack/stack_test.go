package stack

import (
	"reflect"
	"strings"
	"testing"
)

func TestShortVersion(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"^4.18.2", "4.18"},
		{"~10.3.0", "10.3"},
		{">=3.11,<4", "3.11"},
		{"20-alpine", "20"},
		{"v1.9.1", "1.9"},
		{"net8.0", "8.0"},
		{"netcoreapp3.1", "3.1"},
		{"==4.2.7", "4.2"},
		{"lts/*", ""},
		{"", ""},
		{"3", "3"},
		{"1.26.8", "1.26"},
		{"latest", ""},
		{"> 2.0 || < 1", "2.0"},
		// the lower bound, never the upper one
		{">=2.13.0,<3.0.0", "2.13"},
		{"<3.0.0,>=2.13.0", "2.13"},
		{"<3.0.0, >=2.13.0", "2.13"},
		{"<3.0", ""},
		{"<8.0", ""},
		{"<=2", ""},
		{"!=1.2", ""},
		{"!=1.2,>=1.0", "1.0"},
		{"^20.19.0 || >=22.12.0", "20.19"},
		{">=22.12.0 || ^20.19.0", "20.19"},
		{">=18.0.0 <26.0.0", "18.0"},
		{">= 5.0", "5.0"},
		{"~> 7.1.3", "7.1"},
		{"~=3.9", "3.9"},
		{"^7.3|^8.0", "7.3"},
		{"[1.0,2.0)", "1.0"},
		{"(,1.0]", ""},
		{"[5.3.2]", "5.3"},
		{"1.2 - 2.0", "1.2"},
		{"20.x", "20"},
		{"3.11.*", "3.11"},
		{"*", ""},
		{"${spring.version}", ""},
		{"'>= 2.1'", "2.1"},
		{"python-3.12", ""},
		{"99999999999999999999", ""},
		{"- 1", "1"},
		{"||", ""},
		{"[", ""},
		{">=", ""},
	} {
		if got := ShortVersion(c.in); got != c.want {
			t.Errorf("ShortVersion(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseConstraint(t *testing.T) {
	for _, c := range []struct {
		in    string
		exact bool
		// allowed and refused release lines, as "lo-hi"
		allows, refuses []string
	}{
		{in: "24", exact: true, allows: []string{"24-25"}, refuses: []string{"22-23", "26-27"}},
		{in: "24-alpine", exact: true, allows: []string{"24-25"}, refuses: []string{"22-23"}},
		{in: "==4.2.7", exact: true, allows: []string{"4.2-4.3"}, refuses: []string{"4.1-4.2", "5.0-5.1"}},
		{in: "4.2.7", exact: true, allows: []string{"4.2-4.3"}},
		{in: "net8.0", exact: true, allows: []string{"8.0-8.1"}, refuses: []string{"6.0-6.1", "9.0-9.1"}},
		{in: "[1.2.3]", exact: true, allows: []string{"1.2-1.3"}, refuses: []string{"1.3-1.4"}},
		{in: "1.26", exact: true, allows: []string{"1.26-1.27"}, refuses: []string{"1.25-1.26"}},
		{in: ">=18.0.0 <26.0.0", allows: []string{"18-19", "24-25", "25-26"}, refuses: []string{"16-17", "26-27"}},
		{in: "^20.19.0 || >=22.12.0", allows: []string{"20-21", "22-23", "30-31"}, refuses: []string{"18-19", "21-22"}},
		{in: "~16.14", allows: []string{"16-17"}, refuses: []string{"18-19", "14-15"}},
		{in: "<3.9", allows: []string{"3.8-3.9", "2.7-2.8"}, refuses: []string{"3.9-3.10", "3.12-3.13"}},
		{in: ">=3.9,<4", allows: []string{"3.9-3.10", "3.13-3.14"}, refuses: []string{"3.8-3.9", "4.0-4.1"}},
		{in: "~> 5.0", allows: []string{"5-6"}, refuses: []string{"6-7"}},
		{in: "~> 5.0.1", allows: []string{"5.0-5.1"}, refuses: []string{"5.1-5.2"}},
		{in: "^0.7.0", allows: []string{"0.7-0.8"}, refuses: []string{"0.8-0.9"}},
		{in: "20.x", allows: []string{"20-21"}, refuses: []string{"21-22"}},
		{in: "<=3.8", allows: []string{"3.8-3.9"}, refuses: []string{"3.9-3.10"}},
		{in: "(,1.0)", allows: []string{"0.9-0.10"}, refuses: []string{"1.0-1.1"}},
		{in: "[1.0,2.0)", allows: []string{"1.5-1.6"}, refuses: []string{"2.0-2.1"}},
		{in: "1 - 2", allows: []string{"2-3"}, refuses: []string{"3-4"}},
		{in: "1 - 2.x", allows: []string{"2.9-2.10"}, refuses: []string{"3-4"}},
	} {
		pc := ParseConstraint(c.in)
		if pc.Exact != c.exact {
			t.Errorf("ParseConstraint(%q).Exact = %v, want %v", c.in, pc.Exact, c.exact)
		}
		for _, l := range c.allows {
			lo, hi, _ := strings.Cut(l, "-")
			if !pc.Allows(lo, hi) {
				t.Errorf("%q should allow line %s: %+v", c.in, l, pc)
			}
		}
		for _, l := range c.refuses {
			lo, hi, _ := strings.Cut(l, "-")
			if pc.Allows(lo, hi) {
				t.Errorf("%q should refuse line %s: %+v", c.in, l, pc)
			}
		}
	}
	for _, in := range []string{"", "latest", "lts/*", "*", "!=1.2", "${x}"} {
		if ParseConstraint(in).Bounded() {
			t.Errorf("ParseConstraint(%q) should say nothing", in)
		}
	}
}

func TestLineEndAndCompare(t *testing.T) {
	if LineEnd("20") != "21" || LineEnd("3.12") != "3.13" || LineEnd("x") != "" {
		t.Errorf("LineEnd wrong: %q %q", LineEnd("20"), LineEnd("3.12"))
	}
	if CompareVersions("3.9", "3.11") >= 0 || CompareVersions("24", "24.0") != 0 || CompareVersions("10", "9.9") <= 0 {
		t.Error("CompareVersions wrong")
	}
}

func TestDisplayVersions(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{[]string{"^4.18.2", "4.18.0", "5.0.0", "lts/*"}, "4.18/5"},
		{[]string{"1", "2", "3", "4"}, "1/2/3/…"},
		{[]string{"22", "22.22.0"}, "22.22"},
		{[]string{"22-alpine", ">=22.22"}, "22.22"},
		{[]string{"21", "24.0", "25.0"}, "21/24/25"},
		{[]string{"24", "24.0"}, "24"},
		{[]string{"0.0.8"}, "0.0.8"},
		{[]string{"^0.29.0"}, "0.29"},
		{[]string{"<3.0.0,>=2.13.0"}, "2.13"},
		{[]string{"<3.0"}, ""},
		{[]string{"^20.19.0 || >=22.12.0"}, "20.19"},
		{[]string{"10.1", "9.6"}, "9.6/10.1"},
		{[]string{"8.0.5", "net8.0"}, "8"},
		{nil, ""},
	} {
		if got := DisplayVersions(c.in); got != c.want {
			t.Errorf("DisplayVersions(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzParseConstraint(f *testing.F) {
	for _, s := range []string{"^4.18.2", ">=3.11,<4", "[1.0,2.0)", "^20.19.0 || >=22.12.0", "~> 7.1", "1 - 2.x", "(,1.0],[1.2,)", "net8.0", "3.11.*", "[", ">=", "- -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := ParseConstraint(s)
		if fl := c.Floor(); fl != "" && !c.Bounded() {
			t.Errorf("%q: floor %q but not bounded", s, fl)
		}
		_ = ShortVersion(s)
		_ = DisplayVersions([]string{s, s + ".1"})
	})
}

func TestCompare(t *testing.T) {
	tech := func(id, scope string, vs ...string) Technology {
		return Technology{ID: id, Name: id, Layer: LayerFramework, Scope: scope, Versions: vs}
	}
	base := &Stack{Technologies: []Technology{tech("nestjs", ScopeRuntime, "^10.2.0"), tech("express", ScopeRuntime), tech("jest", ScopeDev), tech("pg", ScopeRuntime, "8.1")}}
	head := &Stack{Technologies: []Technology{tech("nestjs", ScopeRuntime, "^10.3.1"), tech("kafka", ScopeRuntime), tech("mongodb", ScopeNonProduction), tech("pg", ScopeRuntime, "8.1.4")}}
	d := Compare(base, head)
	ids := func(ts []Technology) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.ID)
		}
		return out
	}
	if !reflect.DeepEqual(ids(d.Added), []string{"kafka"}) || !reflect.DeepEqual(ids(d.Removed), []string{"express"}) {
		t.Errorf("added %v removed %v", ids(d.Added), ids(d.Removed))
	}
	if len(d.Changed) != 1 || d.Changed[0].Technology.ID != "nestjs" || d.Changed[0].From[0] != "10.2" || d.Changed[0].To[0] != "10.3" {
		t.Errorf("changed = %+v", d.Changed)
	}
	if d.Empty() || !Compare(head, head).Empty() {
		t.Error("Empty is wrong")
	}
}
