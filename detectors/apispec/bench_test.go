package apispec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stacklint/stacklint/internal/detect/detecttest"
)

// largeSpec writes a block-style OpenAPI document of n paths in the shape
// generators emit: quoted response codes and $refs, parameters, one-line
// flow collections, block-scalar descriptions and component schemas with
// enums. n = 1000 is about 1.1 MB.
func largeSpec(n int) []byte {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo:\n  title: Large API\n  version: 1.0.0\n  description: |\n    A generated document.\n\n    With a second paragraph.\nservers:\n  - url: https://api.example.com/v1\npaths:\n")
	for i := range n {
		fmt.Fprintf(&b, `  /resources%d/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
          format: uuid
    get:
      operationId: getResource%d
      summary: Get resource %d
      tags: [resources, "group-%d"]
      description: >-
        Returns the resource with the given identifier, when the caller may
        read it; see the list operation for paging.
      responses:
        "200":
          description: The resource.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Resource%d"
        '404': { description: Not found }
    put:
      operationId: putResource%d
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Resource%d'
      responses:
        "204":
          description: Updated.
        default:
          $ref: "#/components/responses/Error"
`, i, i, i, i%10, i, i, i)
	}
	b.WriteString("components:\n  responses:\n    Error:\n      description: An error.\n  schemas:\n")
	for i := range n {
		fmt.Fprintf(&b, `    Resource%d:
      type: object
      required: [id, name]
      properties:
        id: {type: string, format: uuid}
        name:
          type: string
          maxLength: 200
          example: "Resource #%d: a name"
        state:
          type: string
          enum:
            - active
            - archived
        labels:
          type: array
          items:
            type: string
`, i, i)
	}
	return []byte(b.String())
}

// BenchmarkOpenAPI runs the detector on a 1.1 MB specification (the line
// reader's case) and, for comparison, the full node-tree parse of it.
func BenchmarkOpenAPI(b *testing.B) {
	spec := largeSpec(1000)
	b.Run("detect", func(b *testing.B) {
		b.SetBytes(int64(len(spec)))
		b.ReportAllocs()
		for b.Loop() {
			sigs, err := detecttest.Detect(OpenAPI, "openapi.yaml", spec)
			if err != nil || len(sigs) != 2 {
				b.Fatal(sigs, err)
			}
		}
	})
	b.Run("full-parse", func(b *testing.B) {
		b.SetBytes(int64(len(spec)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseSpec("openapi.yaml", spec); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestLargeSpecShape(t *testing.T) {
	spec := largeSpec(1000)
	if len(spec) < 1<<20 || len(spec) > maxSpecSize {
		t.Fatalf("largeSpec(1000) is %d bytes", len(spec))
	}
	h, ok := readHead(spec)
	want, err := parseSpec("openapi.yaml", spec)
	if !ok || err != nil || h.paths != 1000 || len(want) != 2 || want[1].Attr("paths") != "1000" {
		t.Fatalf("ok %v paths %d err %v %+v", ok, h.paths, err, want)
	}
}
