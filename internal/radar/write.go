package radar

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Usage is one technology of an exported radar: the ring the
// organisation's standard gives it and what an audit found.
type Usage struct {
	// ID is the catalog id, Name the name to show.
	ID, Name string
	// Ring is one of Rings.
	Ring string
	// Quadrant is one of the Quadrant* ids.
	Quadrant string
	// Source is where the standard places it ("platform/tech-radar.csv:7",
	// ".stacklint.toml:12").
	Source string
	// Repos counts the audited repositories that run it in production;
	// Audited counts the audited repositories.
	Repos, Audited int
	// Contradicting lists the repositories that run it against its ring
	// (hold, or assess without a decision record), in audit order.
	Contradicting []string
}

// The quadrants of an exported radar: the Thoughtworks quadrants, which
// BYOR and the Backstage radar draw.
const (
	QuadrantLanguages  = "languages-and-frameworks"
	QuadrantPlatforms  = "platforms"
	QuadrantTools      = "tools"
	QuadrantTechniques = "techniques"
)

var quadrantNames = map[string]string{
	QuadrantLanguages: "Languages & Frameworks", QuadrantPlatforms: "Platforms", QuadrantTools: "Tools", QuadrantTechniques: "Techniques",
}

// QuadrantID reads a quadrant as radars name it ("Languages & Frameworks",
// "platforms") into one of the Quadrant* ids; "" when it is none of them.
func QuadrantID(name string) string {
	switch norm(name) {
	case "languagesframeworks", "languagesandframeworks", "languages", "frameworks":
		return QuadrantLanguages
	case "platforms", "platform", "infrastructure":
		return QuadrantPlatforms
	case "tools", "tool":
		return QuadrantTools
	case "techniques", "technique":
		return QuadrantTechniques
	}
	return ""
}

// Description says what the audit found, for the radar's entry text:
// "Runs in 3 of 12 audited repositories. Hold (platform/tech-radar.csv:7).
// Contradicting: acme/a, acme/b."
func (u Usage) Description() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Runs in %d of %d audited %s.", u.Repos, u.Audited, plural(u.Audited, "repository", "repositories"))
	fmt.Fprintf(&b, " %s%s", strings.ToUpper(u.Ring[:1]), u.Ring[1:])
	if u.Source != "" {
		fmt.Fprintf(&b, " (%s)", u.Source)
	}
	b.WriteString(".")
	if len(u.Contradicting) > 0 {
		fmt.Fprintf(&b, " Contradicting: %s.", strings.Join(u.Contradicting, ", "))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sorted orders usages by ring, then most repositories, then name.
func sorted(us []Usage) []Usage {
	out := append([]Usage(nil), us...)
	rank := map[string]int{Adopt: 0, Trial: 1, Assess: 2, Hold: 3}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Ring] != rank[b.Ring] {
			return rank[a.Ring] < rank[b.Ring]
		}
		if a.Repos != b.Repos {
			return a.Repos > b.Repos
		}
		return a.Name < b.Name
	})
	return out
}

// backstageDoc is the Backstage Tech Radar document (the
// TechRadarLoaderResponse JSON), with each entry's usage added.
type backstageDoc struct {
	Title     string           `json:"title,omitempty"`
	Quadrants []backstageNamed `json:"quadrants"`
	Rings     []backstageRing  `json:"rings"`
	Entries   []backstageOut   `json:"entries"`
}

type backstageRing struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
}

type backstageOut struct {
	ID          string             `json:"id"`
	Key         string             `json:"key"`
	Title       string             `json:"title"`
	Quadrant    string             `json:"quadrant"`
	Description string             `json:"description"`
	Timeline    []backstageMove    `json:"timeline"`
	Usage       backstageUsageNote `json:"usage"`
}

type backstageMove struct {
	Moved       int    `json:"moved"`
	RingID      string `json:"ringId"`
	Date        string `json:"date"`
	Description string `json:"description"`
}

// backstageUsageNote is stacklint's addition to an entry (the Backstage
// radar ignores fields it does not know).
type backstageUsageNote struct {
	Repositories  int      `json:"repositories"`
	Audited       int      `json:"audited"`
	Source        string   `json:"source,omitempty"`
	Contradicting []string `json:"contradicting"`
}

// WriteBackstage writes a Backstage Tech Radar JSON document: the four
// Thoughtworks quadrants and rings, one entry per usage with one timeline
// entry dated date, its description saying what the audit found, and a
// "usage" object with the same figures for programs.
func WriteBackstage(w io.Writer, title string, date time.Time, us []Usage) error {
	doc := backstageDoc{Title: title, Entries: []backstageOut{}}
	for _, q := range []string{QuadrantLanguages, QuadrantPlatforms, QuadrantTools, QuadrantTechniques} {
		doc.Quadrants = append(doc.Quadrants, backstageNamed{ID: flexString(q), Name: flexString(quadrantNames[q])})
	}
	doc.Rings = []backstageRing{
		{Adopt, "ADOPT", "#5BA300", "The standard: use it."},
		{Trial, "TRIAL", "#009EB0", "Use it where the risk is acceptable."},
		{Assess, "ASSESS", "#C7BA00", "Explore it; production use needs a decision record."},
		{Hold, "HOLD", "#E09B96", "Do not start new work with it."},
	}
	for _, u := range sorted(us) {
		contra := u.Contradicting
		if contra == nil {
			contra = []string{}
		}
		doc.Entries = append(doc.Entries, backstageOut{
			ID: u.ID, Key: u.ID, Title: u.Name, Quadrant: u.Quadrant, Description: u.Description(),
			Timeline: []backstageMove{{RingID: u.Ring, Date: date.Format(time.DateOnly), Description: "Audited by stacklint."}},
			Usage:    backstageUsageNote{Repositories: u.Repos, Audited: u.Audited, Source: u.Source, Contradicting: contra},
		})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteCSV writes a Thoughtworks BYOR CSV (name, ring, quadrant, isNew,
// description), the description saying what the audit found. Cells that
// a spreadsheet would run as a formula are quoted with a leading '.
func WriteCSV(w io.Writer, us []Usage) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"name", "ring", "quadrant", "isNew", "description"}); err != nil {
		return err
	}
	for _, u := range sorted(us) {
		if err := cw.Write([]string{cell(u.Name), u.Ring, quadrantNames[u.Quadrant], "FALSE", cell(u.Description())}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
