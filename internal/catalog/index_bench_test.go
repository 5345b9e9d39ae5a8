package catalog

import "testing"

// BenchmarkIndex builds the lookup tables of the embedded catalog, as every
// scan does once (Default).
func BenchmarkIndex(b *testing.B) {
	if _, err := Default(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		indexed(generatedEntries)
	}
}
