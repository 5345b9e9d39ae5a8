package stack

import (
	"reflect"
	"testing"
)

func TestShortVersion(t *testing.T) {
	for in, want := range map[string]string{
		"^4.18.2":       "4.18",
		"~10.3.0":       "10.3",
		">=3.11,<4":     "3.11",
		"20-alpine":     "20",
		"v1.9.1":        "1.9",
		"net8.0":        "8.0",
		"netcoreapp3.1": "3.1",
		"==4.2.7":       "4.2",
		"lts/*":         "",
		"":              "",
		"3":             "3",
		"1.26.8":        "1.26",
		"latest":        "",
		"> 2.0 || < 1":  "2.0",
	} {
		if got := ShortVersion(in); got != want {
			t.Errorf("ShortVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplayVersions(t *testing.T) {
	if got := DisplayVersions([]string{"^4.18.2", "4.18.0", "5.0.0", "lts/*"}); got != "4.18/5.0" {
		t.Errorf("got %q", got)
	}
	if got := DisplayVersions([]string{"1", "2", "3", "4"}); got != "1/2/3/…" {
		t.Errorf("got %q", got)
	}
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
