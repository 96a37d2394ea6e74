//go:build linux && (amd64 || arm64)

package main

import (
	"fmt"
	"html"
	"path/filepath"
	"slices"
	"strings"

	"tcpsocket/scripts/internal/netns"
	"tcpsocket/scripts/lab"
)

// make diagram: the exchange as a textbook draws it (UNP figure 2.5), from
// a real run of each pair: the tour's calls, the segments each call put on
// the wire (envSegments), and each change of state as the kernel recorded
// it (kernel_linux.go), all in the order of their times. Two timelines,
// the client's on the left; each call on its side, drawn as a span from
// its entry to its return (connect() spans the handshake); each segment an
// arrow from sender to receiver; each state where it changes. The order
// is the run's; the time is not to scale. Without the kernel's record, the
// states are ss's after each call, and the drawing says so.

// diagrams runs the tour of each pair with its segments and returns the
// two drawings, the C pair's and the Go pair's.
func diagrams(p lab.Programs) (c, g string, err error) {
	cPair, cleanup, err := compileC(p)
	if err != nil {
		return "", "", err
	}
	defer cleanup()
	recEnv, stopRecord, err := startRecord()
	if err != nil {
		return "", "", err
	}
	defer func() {
		if serr := stopRecord(); err == nil {
			err = serr
		}
	}()
	var events [2][]event
	for i, pair := range []lab.Programs{cPair, p} {
		lines, err := netns.Run(pair, envSegments+"=1", recEnv)
		if err != nil {
			return "", "", err
		}
		events[i] = parseEvents(lines)
	}
	same := slices.EqualFunc(events[0], events[1], func(a, b event) bool { return a.same(b) })
	note := func(other string) string {
		if same {
			return "The " + other + " pair's run is the same, call for call, segment for segment, state for state (accept4 in Go is accept with flags 0)."
		}
		return "The " + other + " pair's run differs: see its own diagram."
	}
	return draw("One exchange, the C pair (the tutorial)", note("Go"), events[0]),
		draw("One exchange, the Go pair (x/sys/unix)", note("C"), events[1]), nil
}

// writeDiagrams writes exchange-c.svg and exchange-go.svg into dir.
func writeDiagrams(p lab.Programs, dir string) ([]string, error) {
	c, g, err := diagrams(p)
	if err != nil {
		return nil, err
	}
	var files []string
	for name, svg := range map[string]string{"exchange-c.svg": c, "exchange-go.svg": g} {
		file := filepath.Join(dir, name)
		if err := lab.WriteFile(file, []byte(svg)); err != nil {
			return nil, err
		}
		files = append(files, file)
	}
	slices.Sort(files)
	return files, nil
}

// An event is one row of the diagram: a call's entry, its return, a
// segment, a state, or a note.
type event struct {
	kind string // "call", "return", "segment", "state", "note"
	side string // the caller, the sender, or the socket's side: "client" or "server"
	text string
}

// same reports whether two events are the same step, accept4 taken for
// accept.
func (e event) same(o event) bool {
	norm := func(s string) string {
		s = strings.ReplaceAll(s, "accept4(listenfd, &addr, &addrlen)", "accept(listenfd, NULL, NULL)")
		return s
	}
	return e.kind == o.kind && e.side == o.side && norm(e.text) == norm(o.text)
}

// The sockets as the diagram names them, by the tour's names.
var diagramSocket = map[string]string{listenerSock: "listener", serverSock: "connection", clientSock: "client's socket"}

// parseEvents reads one pair's tour, with segments, into rows: each call
// at its entry, what happened while it ran, its return, what happened
// after it, in order. The states are the kernel's record where the tour
// has it ("kernel:" lines), and TIME-WAIT, which the record does not
// follow, from ss; otherwise each socket's state where ss saw it change
// after a call.
func parseEvents(lines []string) []event {
	recorded := slices.ContainsFunc(lines, func(l string) bool {
		return strings.HasPrefix(strings.TrimSpace(l), "kernel: ") && !strings.Contains(l, "no record")
	})
	var out []event
	var states []event
	last := map[string]string{} // each socket's state in the ss after the call before
	seen := map[string]bool{}   // the sockets in the ss after this call
	sides := map[string]string{"listener": "server", "connection": "server", "client's socket": "client"}
	var pending *event // the return of the call now running
	handedOver := false
	flushStates := func() {
		// A socket that ss listed after the call before and not after
		// this one is gone: closed, and the kernel has forgotten it.
		for _, socket := range []string{"listener", "connection", "client's socket"} {
			if (!recorded || socket == "connection" && handedOver) && last[socket] != "" && last[socket] != "closed" && !seen[socket] {
				last[socket] = "closed"
				states = append(states, event{"state", sides[socket], socket + ": closed"})
			}
		}
		out = append(out, states...)
		states, seen = nil, map[string]bool{}
	}
	ret := func() {
		if pending != nil {
			out = append(out, *pending)
			pending = nil
		}
	}
	if !recorded {
		out = append(out, event{"note", "", "no kernel record of the states here: they are ss's after each call"})
	}
	for _, line := range lines {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && (f[0] == "server" || f[0] == "client"):
			ret()
			flushStates()
			call := strings.TrimSpace(strings.TrimPrefix(line, f[0]))
			call, _, _ = strings.Cut(call, ": the kernel closes") // exit_group(0)
			name, result, ok := strings.Cut(call, ") = ")
			if !ok {
				out = append(out, event{"call", f[0], call})
				continue
			}
			out = append(out, event{"call", f[0], name + ")"})
			pending = &event{"return", f[0], "= " + result}
		case len(f) == 1 && f[0] == "returned":
			// A call with nothing in its span is drawn on one row.
			if n := len(out); pending != nil && out[n-1].kind == "call" && out[n-1].side == pending.side {
				out[n-1].text += " " + pending.text
				pending = nil
			}
			ret()
		case len(f) >= 2 && f[0] == "wire:":
			out = append(out, event{"segment", f[1], strings.Join(f[1:], " ")})
		case recorded && len(f) >= 4 && f[0] == "kernel:":
			i := slices.Index(f, "->")
			if i < 2 || i+1 >= len(f) {
				continue
			}
			socket := diagramSocket[strings.TrimSuffix(strings.Join(f[1:i-1], " "), ":")]
			state := strings.TrimSuffix(f[i+1], ":")
			switch {
			case socket == "":
				continue
			case strings.Contains(line, "TIME-WAIT socket"):
				handedOver = true // ss says what it is from now on
				last["connection"] = "FIN-WAIT-2"
				continue
			case state == "CLOSED":
				state = "closed"
			}
			out = append(out, event{"state", sides[socket], socket + ": " + state})
		case len(f) >= 6 && f[0] == "ss:" && f[1] != "State" && !strings.HasPrefix(f[1], "("):
			state, local := f[1], f[4]
			socket := "client's socket"
			switch {
			case state == "LISTEN":
				socket = "listener"
			case strings.HasSuffix(local, fmt.Sprintf(":%d", port)):
				socket = "connection"
			}
			seen[socket] = true
			if recorded && !(socket == "connection" && handedOver) {
				continue
			}
			if last[socket] != state {
				text := socket + ": " + state
				if recorded {
					text += " (ss)" // the kernel's TIME-WAIT socket, which the record does not follow
				}
				states = append(states, event{"state", sides[socket], text})
				last[socket] = state
			}
		}
	}
	ret()
	flushStates()
	return out
}

// The drawing's geometry, in pixels.
const (
	svgWidth  = 1280
	clientX   = 420
	serverX   = 800
	rowHeight = 26
	top       = 130
)

// draw lays the events out as an SVG: plain SVG 1.1, no script, and the
// generic monospace font, so that a browser, GitHub and rsvg render it
// alike.
func draw(title, note string, events []event) string {
	var b strings.Builder
	height := top + rowHeight*(len(events)+2) + 40
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="monospace" font-size="13">`+"\n", svgWidth, height, svgWidth, height)
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#1f4e9c"/></marker></defs>` + "\n")
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", svgWidth, height)
	text := func(x, y int, anchor, class, fill, s string) {
		fmt.Fprintf(&b, `<text class="%s" x="%d" y="%d" text-anchor="%s" fill="%s">%s</text>`+"\n", class, x, y, anchor, fill, html.EscapeString(s))
	}
	text(svgWidth/2, 28, "middle", "title", "black", title)
	text(svgWidth/2, 48, "middle", "note", "#555555", note)
	text(svgWidth/2, 66, "middle", "note", "#555555", "The order is the run's (make tour, make wire), by the kernel's clock; the time is not to scale.")
	text(svgWidth/2, 84, "middle", "note", "#555555", "A bar is a call, from its entry to its return. The tour lets one call run at a time, in the")
	text(svgWidth/2, 102, "middle", "note", "#555555", "tutorial's order, so accept() and read() find what they wait for already there.")
	text(clientX, top-16, "middle", "who", "black", "client")
	text(serverX, top-16, "middle", "who", "black", "server")
	bottom := top + rowHeight*(len(events)+1)
	for _, x := range []int{clientX, serverX} {
		fmt.Fprintf(&b, `<line class="timeline" x1="%d" y1="%d" x2="%d" y2="%d" stroke="black" stroke-width="2"/>`+"\n", x, top-8, x, bottom)
	}
	sideX := map[string]int{"client": clientX, "server": serverX}
	entry := map[string]int{}        // the row of the entry of each side's running call
	entryName := map[string]string{} // and its name
	label := func(x, y int, class, fill, s string) {
		if x == clientX {
			text(x-14, y+4, "end", class, fill, s)
		} else {
			text(x+14, y+4, "start", class, fill, s)
		}
	}
	for i, e := range events {
		y := top + rowHeight*(i+1)
		x := sideX[e.side]
		switch e.kind {
		case "note":
			text(svgWidth/2, y+4, "middle", "note", "#b00020", e.text)
		case "call":
			entry[e.side] = y
			entryName[e.side], _, _ = strings.Cut(e.text, "(")
			label(x, y, "call", "black", e.text)
			fmt.Fprintf(&b, `<circle class="call" cx="%d" cy="%d" r="4" fill="black"/>`+"\n", x, y)
		case "return":
			// The call's span, from its entry to its return: it ran,
			// or waited, all that while.
			fmt.Fprintf(&b, `<rect class="span" data-call="%s" x="%d" y="%d" width="8" height="%d" fill="#f2b134"/>`+"\n",
				entryName[e.side], x-4, entry[e.side], y-entry[e.side])
			label(x, y, "return", "black", e.text)
			fmt.Fprintf(&b, `<circle class="call" cx="%d" cy="%d" r="4" fill="black"/>`+"\n", x, y)
		case "segment":
			from, to := clientX, serverX
			if e.side == "server" {
				from, to = serverX, clientX
			}
			fmt.Fprintf(&b, `<line class="segment" data-from="%s" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1f4e9c" stroke-width="1.5" marker-end="url(#arrow)"/>`+"\n",
				e.side, from, y-10, to, y+10)
			// The label sits on its arrow, on a white ground as wide as a
			// monospace line of it (0.6 em a character).
			label := segmentLabel(e.text)
			w := len(label)*8 + 10
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="16" fill="white"/>`+"\n", (clientX+serverX-w)/2, y-11, w)
			text((clientX+serverX)/2, y+2, "middle", "segment", "#1f4e9c", label)
		case "state":
			label(x, y, "state", "#2e7d32", e.text)
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// segmentLabel shortens make wire's line for a segment to what fits
// between the timelines: what it is, then its flags, numbers and length.
func segmentLabel(line string) string {
	head, what, _ := strings.Cut(line, " -- ")
	what, _, _ = strings.Cut(what, ":")
	f := strings.Fields(head)
	var keep []string
	for i := 3; i < len(f); i++ {
		switch {
		case strings.HasPrefix(f[i], "["):
			keep = append(keep, f[i])
		case (f[i] == "seq" || f[i] == "ack" || f[i] == "len") && i+1 < len(f):
			keep = append(keep, f[i]+" "+f[i+1])
			i++
		}
	}
	return what + " " + strings.Join(keep, " ")
}
