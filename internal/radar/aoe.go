package radar

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// aoeEntry is an AOE entry before its ring is checked.
type aoeEntry struct {
	Entry
	ring string
	// has* record which keys the file set (a later release may set only
	// the ring).
	hasTitle, hasQuadrant, hasTags bool
}

// maxFrontMatter caps a Markdown file's front matter (64 KiB).
const maxFrontMatter = 64 << 10

// parseAOE reads one AOE techradar Markdown entry: YAML front matter
// between "---" lines with title, ring, quadrant and tags, then the
// description. Problems go to r; ok is false when the file holds no entry.
func parseAOE(r *Radar, name string, data []byte) (aoeEntry, bool) {
	e := aoeEntry{Entry: Entry{File: name, Line: 1}}
	front, body, ok := frontMatter(data)
	if !ok {
		r.problem(name, 1, "no front matter; expected a Markdown file starting with ---, then title, ring, quadrant and tags, then ---")
		return e, false
	}
	if len(front) > maxFrontMatter {
		r.problem(name, 2, "front matter over %d bytes", maxFrontMatter)
		return e, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		line, msg := yamlMsg(err)
		r.problem(name, line+1, "front matter is not YAML (%s); expected title, ring, quadrant and tags", msg)
		return e, false
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		r.problem(name, 2, "front matter is not a mapping; expected title, ring, quadrant and tags")
		return e, false
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + 1 // the front matter starts on the file's line 2
		switch k.Value {
		case "title":
			e.Name, e.hasTitle = scalar(v), true
		case "ring":
			e.ring, e.Line = scalar(v), line
		case "quadrant":
			e.Quadrant, e.hasQuadrant = scalar(v), true
		case "tags":
			e.hasTags = true
			switch v.Kind {
			case yaml.SequenceNode:
				for _, t := range v.Content {
					if s := scalar(t); s != "" {
						e.Tags = append(e.Tags, s)
					}
				}
			case yaml.ScalarNode:
				for _, t := range strings.Split(v.Value, ",") {
					if t = strings.TrimSpace(t); t != "" {
						e.Tags = append(e.Tags, t)
					}
				}
			}
		}
	}
	e.Description = strings.TrimSpace(string(body))
	if !e.hasTitle || e.Name == "" {
		// AOE names an entry by its file when no release gave a title.
		e.Name = strings.TrimSuffix(path.Base(name), path.Ext(name))
	}
	return e, true
}

// scalar is a YAML scalar's text ("" for anything else, aliases included).
func scalar(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// yamlMsg splits a YAML error into the front matter's line (1 when it
// names none) and the message.
func yamlMsg(err error) (int, string) {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			line = n
		}
		msg = msg[len(m[0]):]
	}
	return line, clip(msg)
}

var yamlLine = regexp.MustCompile(`^line (\d+): `)

// frontMatter splits "---\n…\n---\n body" into the front matter and the body.
func frontMatter(data []byte) (front, body []byte, ok bool) {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, false
	}
	rest := data[4:]
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		return nil, rest[min(len(rest), 4):], true
	}
	i := bytes.Index(rest, []byte("\n---"))
	if i < 0 {
		return nil, nil, false
	}
	front = rest[:i+1]
	body = rest[i+4:]
	if j := bytes.IndexByte(body, '\n'); j >= 0 {
		body = body[j+1:]
	} else {
		body = nil
	}
	return front, body, true
}

// readAOEFolder reads an AOE techradar folder: Markdown entries, usually
// in one subfolder per release (radar/2024-03-01/typescript.md). An entry
// is identified by its file name; releases are read in path order, so
// the latest release's ring wins and keys it leaves out (a title, the
// quadrant) come from earlier ones. An entry first seen in the latest
// release is new.
func readAOEFolder(fsys fs.FS, dir, cite string) (*Radar, error) {
	r := &Radar{File: cite, Format: FormatAOE}
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			r.problem(citePath(cite, dir, p), 0, "cannot read: %v", unwrap(err))
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if ext := strings.ToLower(path.Ext(p)); (ext == ".md" || ext == ".markdown") && d.Type().IsRegular() {
			if len(files) >= MaxFiles {
				return fmt.Errorf("more than %d Markdown files; expected an AOE techradar folder", MaxFiles)
			}
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("radar %s: %w", cite, unwrap(err))
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("radar %s: a folder without Markdown files; expected AOE techradar entries (one .md file each, with front matter)", cite)
	}
	sort.Strings(files)
	latestRelease := path.Dir(files[len(files)-1])
	for _, f := range files {
		if d := path.Dir(f); d > latestRelease {
			latestRelease = d
		}
	}
	type merged struct {
		e        aoeEntry
		releases int
		lastDir  string
	}
	byID := map[string]*merged{}
	var order []string
	for _, f := range files {
		c := citePath(cite, dir, f)
		data, err := readFile(fsys, f)
		if err != nil {
			r.problem(c, 0, "cannot read: %v", err)
			continue
		}
		if base := strings.ToLower(path.Base(f)); base == "readme.md" || base == "index.md" {
			continue
		}
		e, ok := parseAOE(r, c, bytes.TrimPrefix(data, []byte("\ufeff")))
		if !ok {
			continue
		}
		id := strings.ToLower(strings.TrimSuffix(path.Base(f), path.Ext(f)))
		m := byID[id]
		if m == nil {
			m = &merged{e: e}
			byID[id] = m
			order = append(order, id)
		} else {
			if e.hasTitle {
				m.e.Name, m.e.hasTitle = e.Name, true
			}
			if e.hasQuadrant {
				m.e.Quadrant = e.Quadrant
			}
			if e.hasTags {
				m.e.Tags = e.Tags
			}
			if e.ring != "" {
				m.e.ring, m.e.File, m.e.Line = e.ring, e.File, e.Line
			}
			if e.Description != "" {
				m.e.Description = e.Description
			}
		}
		m.releases++
		m.lastDir = path.Dir(f)
	}
	multi := false
	for _, f := range files {
		if path.Dir(f) != latestRelease {
			multi = true
			break
		}
	}
	for _, id := range order {
		m := byID[id]
		m.e.IsNew = multi && m.releases == 1 && m.lastDir == latestRelease
		if m.e.ring == "" {
			r.problem(m.e.File, 1, "%s: no ring in any release; expected ring: adopt, trial, assess or hold", quoteName(m.e.Name))
			continue
		}
		r.add(m.e.Entry, m.e.ring)
	}
	return r, nil
}

// citePath cites file p of folder dir (read as cite).
func citePath(cite, dir, p string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
	if dir == "." {
		rel = p
	}
	if rel == "" {
		return cite
	}
	return path.Join(cite, rel)
}
