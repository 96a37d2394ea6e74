//go:build linux && (amd64 || arm64)

package main

import (
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	_ "image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/lab"
	"tcpsocket/scripts/sockettest"
)

// make diagram draws what a run did, and a person sees it: the SVG renders
// (rsvg-convert, a real renderer) to a picture with something on it; it
// holds every call and every segment of the exchange, in order, each
// arrow leaving its sender's timeline; and the diagrams the README shows
// have the structure of a fresh run (the calls, the segments and the
// states, each in order; where a segment falls between two calls is
// timing).
func TestDiagram(t *testing.T) {
	if lab.Emulator != "" {
		t.Skip("under qemu-user the programs cannot be stepped with ptrace; make test draws the diagram natively")
	}
	sockettest.Slow(t, "both pairs again, drawn and rendered (-short runs the tour: TestTour)")
	for _, tool := range []string{"unshare", "ss", "cc"} {
		sockettest.RequireTool(t, tool)
	}
	rsvg := sockettest.RequireTool(t, "rsvg-convert")
	bin := sockettest.Build(t)
	c, g, err := diagrams(bin)
	switch {
	case errors.Is(err, netns.ErrUnavailable):
		sockettest.Missing(t, "cannot draw here: "+err.Error())
	case err != nil:
		t.Fatal(err)
	}
	wantCalls := []string{"socket", "bind", "listen", "socket", "connect", "accept", "write", "read", "close", "exit_group", "read", "exit_group"}
	wantFlags := []string{"[S]", "[S.]", "[.]", "[P.]", "[.]", "[F.]", "[.]", "[F.]", "[.]"}
	for name, svg := range map[string]string{"exchange-c.svg": c, "exchange-go.svg": g} {
		d := parseSVG(t, svg)
		var calls, flags []string
		for _, call := range d.texts["call"] {
			n, _, _ := strings.Cut(call, "(")
			calls = append(calls, strings.TrimSuffix(n, "4")) // accept4 is accept
		}
		for _, label := range d.texts["segment"] {
			for _, f := range strings.Fields(label) {
				if strings.HasPrefix(f, "[") {
					flags = append(flags, f)
				}
			}
		}
		if !slices.Equal(calls, wantCalls) || !slices.Equal(flags, wantFlags) {
			t.Errorf("%s: calls %v, segments %v; want %v and %v", name, calls, flags, wantCalls, wantFlags)
		}
		for _, a := range d.arrows {
			if want := map[string]string{"client": "420", "server": "800"}[a.from]; a.x1 != want {
				t.Errorf("%s: an arrow from the %s starts at x=%s, not on its timeline (x=%s)", name, a.from, a.x1, want)
			}
		}

		// Every state of every socket, from the kernel's record, at its
		// place among the segments (RFC 9293, 3.3.2; UNP figure 2.5):
		// SYN-SENT from connect() until the SYN-ACK; the server's side,
		// made when the handshake's ACK arrives, SYN-RECV; FIN-WAIT-1
		// from close() until the ACK of the FIN; CLOSE-WAIT where the FIN
		// arrives; LAST-ACK from the client's FIN until the last ACK;
		// TIME-WAIT, which the record does not follow, from ss.
		if d.texts["note"] != nil && strings.Contains(strings.Join(d.texts["note"], " "), "no kernel record") {
			sockettest.Missing(t, name+": no kernel record of the states here")
		}
		wantOrder := []string{
			"listener: LISTEN",
			"client's socket: SYN-SENT", "[S]", "[S.]", "client's socket: ESTAB", "[.]",
			"connection: SYN-RECV", "connection: ESTAB",
			"[P.]", "[.]",
			"connection: FIN-WAIT-1", "[F.]", "client's socket: CLOSE-WAIT", "[.]", "connection: FIN-WAIT-2",
			"listener: closed",
			"client's socket: LAST-ACK", "[F.]", "[.]", "client's socket: closed",
			"connection: TIME-WAIT (ss)",
		}
		if !slices.Equal(d.order, wantOrder) {
			t.Errorf("%s: the states among the segments are\n%q\nwant\n%q", name, d.order, wantOrder)
		}
		// connect()'s span, from its entry to its return, holds the
		// handshake: connect(2) returns once it is done.
		i := slices.IndexFunc(d.spans, func(s span) bool { return s.call == "connect" })
		if i < 0 || len(d.arrows) < 3 {
			t.Errorf("%s: no span for connect(), or no handshake", name)
		} else {
			for _, a := range d.arrows[:3] {
				if a.y < d.spans[i].y1 || a.y > d.spans[i].y2 {
					t.Errorf("%s: the segment at y=%d is outside connect()'s span, %d to %d", name, a.y, d.spans[i].y1, d.spans[i].y2)
				}
			}
		}

		// The committed diagram has the structure of this run.
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		old := parseSVG(t, string(committed))
		for _, class := range []string{"call", "return", "segment", "state", "title", "note"} {
			if !slices.Equal(old.texts[class], d.texts[class]) {
				t.Errorf("scripts/tour/%s: its %s labels are not this run's (run make diagram-readme):\nhas  %q\nwant %q", name, class, old.texts[class], d.texts[class])
			}
		}

		// Rendered, it is a picture of the size drawn, with ink on it.
		png := filepath.Join(t.TempDir(), name+".png")
		svgFile := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(svgFile, []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := sockettest.Run(t, rsvg, "-o", png, svgFile); r.Code != 0 || r.Stderr != "" {
			t.Fatalf("rsvg-convert %s: %v", name, r)
		}
		f, err := os.Open(png)
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		ink := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if gray := color.GrayModel.Convert(img.At(x, y)).(color.Gray); gray.Y < 128 {
					ink++
				}
			}
		}
		if b.Dx() != svgWidth || ink < b.Dx()*b.Dy()/100 {
			t.Errorf("%s renders %dx%d with %d dark pixels; want %d wide and at least 1%% ink", name, b.Dx(), b.Dy(), ink, svgWidth)
		}
	}
}

// svgDoc is what the test reads of a diagram: the labels of each class,
// in document order; the arrows; the calls' spans; and the segments'
// flags and the states, in document order (which is the run's).
type svgDoc struct {
	texts  map[string][]string
	arrows []arrow
	spans  []span
	order  []string
}

type arrow struct {
	from, x1 string
	y        int // halfway along it
}

type span struct {
	call   string
	y1, y2 int
}

func parseSVG(t *testing.T, svg string) svgDoc {
	t.Helper()
	d := svgDoc{texts: map[string][]string{}}
	dec := xml.NewDecoder(strings.NewReader(svg))
	var class string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range el.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			class = attr("class")
			num := func(name string) int {
				n, _ := strconv.Atoi(attr(name))
				return n
			}
			if el.Name.Local == "line" && class == "segment" {
				d.arrows = append(d.arrows, arrow{attr("data-from"), attr("x1"), (num("y1") + num("y2")) / 2})
			}
			if el.Name.Local == "rect" && class == "span" {
				d.spans = append(d.spans, span{attr("data-call"), num("y"), num("y") + num("height")})
			}
		case xml.CharData:
			if class != "" && strings.TrimSpace(string(el)) != "" {
				d.texts[class] = append(d.texts[class], string(el))
				switch class {
				case "state":
					d.order = append(d.order, string(el))
				case "segment":
					for _, f := range strings.Fields(string(el)) {
						if strings.HasPrefix(f, "[") {
							d.order = append(d.order, f)
						}
					}
				}
			}
		case xml.EndElement:
			class = ""
		}
	}
	if len(d.texts["call"]) == 0 {
		t.Fatalf("no calls in the diagram:\n%s", svg)
	}
	return d
}
