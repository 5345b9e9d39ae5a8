//go:build catalog_gen

package catalog

// generatedEntries is empty while the generator itself is built (tag
// catalog_gen), so that a stale or broken entries_gen.go never stops it.
var generatedEntries []Entry
