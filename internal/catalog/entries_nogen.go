//go:build catalog_gen

package catalog

// The generated tables are empty while the generator itself is built (tag
// catalog_gen), so that a stale or broken entries_gen.go never stops it.
var (
	generatedEntries []Entry
	generatedMatches []generatedMatch
	generatedDates   []generatedDate
)
