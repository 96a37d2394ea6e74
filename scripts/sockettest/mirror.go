package sockettest

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Mirror checks that a tutorial program's main.go (goFile) is the C's
// main() (cFile) line for line, from the parsed Go (go/ast) and the C's
// text: both make the same steps in the same order (the same socket calls
// with the same arguments, the same ErrorAndExit messages), and main.go
// has no branch or loop that the C lacks, and no identifier extra. A Go
// statement that takes no step of the C must be in goAlone, and a line of
// the C that takes none in cAlone, each with the reason.
func Mirror(t testing.TB, goFile, cFile string, goAlone, cAlone map[string]string) {
	t.Helper()
	c, err := cMain(cFile, cAlone)
	if err != nil {
		t.Fatal(err)
	}
	g, err := goMain(goFile, goAlone)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range c.unmatched {
		t.Errorf("%s: %q takes no step of main.go, and no reason is given for it", cFile, line)
	}
	for _, stmt := range g.unmatched {
		t.Errorf("%s: %q is no step of the C, and no reason is given for it", goFile, stmt)
	}
	if !slices.Equal(c.steps, g.steps) {
		t.Errorf("the steps differ:\n C (%s):\n\t%s\n Go (%s):\n\t%s", cFile, strings.Join(c.steps, "\n\t"), goFile, strings.Join(g.steps, "\n\t"))
	}
	if c.branches != g.branches || c.loops != g.loops {
		t.Errorf("%s has %d branches and %d loops; %s has %d and %d: no branch or loop that the C does not have",
			goFile, g.branches, g.loops, cFile, c.branches, c.loops)
	}
	if g.extra {
		t.Errorf("%s names extra: the tutorial's programs have nothing the C lacks", goFile)
	}
}

// A program is what Mirror reads of one main: its steps in order, the
// branches (if) and loops it has, and the statements that take no step
// and are not explained.
type program struct {
	steps           []string
	branches, loops int
	unmatched       []string
	extra           bool // the Go names extra
}

// The C's steps, each a pattern and how to name it: a socket call with the
// arguments that matter, ErrorAndExit with its message, the receive buffer,
// the struct sockaddr_in, return 0.
var cSteps = []struct {
	re   *regexp.Regexp
	name func(m []string) string
}{
	{regexp.MustCompile(`\bsocket\((\w+), (\w+), (\w+)\)`), func(m []string) string { return fmt.Sprintf("socket(%s, %s, %s)", m[1], m[2], m[3]) }},
	{regexp.MustCompile(`\bserv_addr\.sin_`), func([]string) string { return "struct sockaddr_in" }},
	{regexp.MustCompile(`\b(bind|accept|close|connect|fputs)\(`), func(m []string) string { return m[1] }},
	{regexp.MustCompile(`\blisten\(\w+, (\d+)\s*\)`), func(m []string) string { return "listen(backlog " + m[1] + ")" }},
	{regexp.MustCompile(`\bwrite\(\w+, ("[^"]*")`), func(m []string) string { return "write(" + m[1] + ")" }},
	{regexp.MustCompile(`\bread\(\w+, \w+, sizeof\((\w+)\)-1\)`), func(m []string) string { return "read(sizeof(" + m[1] + ")-1)" }},
	{regexp.MustCompile(`\bErrorAndExit\(("[^"]*")\)`), func(m []string) string { return "ErrorAndExit(" + m[1] + ")" }},
	{regexp.MustCompile(`\bchar (\w+)\[(\d+)\]`), func(m []string) string { return fmt.Sprintf("char %s[%s]", m[1], m[2]) }},
	{regexp.MustCompile(`\breturn 0;`), func([]string) string { return "return 0" }},
}

var (
	cBranch = regexp.MustCompile(`\bif\s*\(`)
	cLoop   = regexp.MustCompile(`\b(while|for)\s*\(`)
)

// cMain reads the steps of the C's main(), line by line.
func cMain(file string, alone map[string]string) (program, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return program{}, err
	}
	_, body, ok := strings.Cut(string(src), "\nint main")
	body, _, ok2 := strings.Cut(body, "\n}\n")
	if !ok || !ok2 {
		return program{}, fmt.Errorf("%s: no int main() { ... }", file)
	}
	body = regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(body, "")
	var p program
	for _, line := range strings.Split(body, "\n")[1:] {
		stmt := strings.TrimSpace(line)
		if stmt == "" || stmt == "{" || stmt == "}" {
			continue
		}
		branches, loops := len(cBranch.FindAllString(stmt, -1)), len(cLoop.FindAllString(stmt, -1))
		p.branches, p.loops = p.branches+branches, p.loops+loops
		type found struct {
			at   int
			name string
		}
		var steps []found
		for _, s := range cSteps {
			for _, m := range s.re.FindAllStringSubmatchIndex(stmt, -1) {
				var groups []string
				for i := 0; i < len(m); i += 2 {
					groups = append(groups, stmt[m[i]:m[i+1]])
				}
				steps = append(steps, found{m[0], s.name(groups)})
			}
		}
		slices.SortFunc(steps, func(a, b found) int { return a.at - b.at })
		for _, s := range steps {
			if s.name == "struct sockaddr_in" && len(p.steps) > 0 && p.steps[len(p.steps)-1] == s.name {
				continue // the address's fields, set one after another: one step
			}
			p.steps = append(p.steps, s.name)
		}
		if len(steps) == 0 && branches+loops == 0 && !explained(stmt, alone) {
			p.unmatched = append(p.unmatched, stmt)
		}
	}
	return p, nil
}

func explained(stmt string, alone map[string]string) bool {
	for a := range alone {
		if strings.Contains(stmt, a) {
			return true
		}
	}
	return false
}

// goMain reads the steps of main.go's main, statement by statement.
func goMain(file string, alone map[string]string) (program, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return program{}, err
	}
	var p program
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "extra" {
			p.extra = true
		}
		return true
	})
	var main *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil {
			main = fd
		}
	}
	if main == nil {
		return p, fmt.Errorf("%s: no func main", file)
	}
	text := func(n ast.Node) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, n)
		return b.String()
	}
	var walk func(stmts []ast.Stmt)
	walk = func(stmts []ast.Stmt) {
		for _, s := range stmts {
			switch s := s.(type) {
			case *ast.IfStmt:
				if isLoopTest(s) {
					continue // the loop's test, in the C's while (...)
				}
				p.branches++
				n := len(p.steps)
				p.steps = append(p.steps, goSteps(s.Init)...)
				p.steps = append(p.steps, goSteps(s.Cond)...)
				if n == len(p.steps) && s.Init != nil && !explained(text(s.Init), alone) {
					p.unmatched = append(p.unmatched, text(s.Init))
				}
				walk(s.Body.List)
				if s.Else != nil {
					p.unmatched = append(p.unmatched, "else "+text(s.Else))
				}
			case *ast.ForStmt:
				p.loops++
				if s.Init != nil || s.Cond != nil || s.Post != nil {
					p.steps = append(p.steps, goSteps(s.Init)...)
					p.steps = append(p.steps, goSteps(s.Cond)...)
					p.steps = append(p.steps, goSteps(s.Post)...)
				}
				walk(s.Body.List)
			case *ast.BlockStmt:
				walk(s.List)
			default:
				steps := goSteps(s)
				if len(steps) == 0 && !explained(text(s), alone) {
					p.unmatched = append(p.unmatched, text(s))
				}
				p.steps = append(p.steps, steps...)
			}
		}
	}
	walk(main.Body.List)
	return p, nil
}

// isLoopTest reports whether s is `if COND { break }`: the C's while
// condition, written where Go tests it, after the call that sets it. It is
// the loop's, not a branch of its own.
func isLoopTest(s *ast.IfStmt) bool {
	if s.Init != nil || s.Else != nil || len(s.Body.List) != 1 {
		return false
	}
	b, ok := s.Body.List[0].(*ast.BranchStmt)
	return ok && b.Tok == token.BREAK
}

// goSteps names the steps that n takes, in the C's terms (cSteps): a call
// to x/sys/unix's Socket, Bind, Listen, Accept, Write, Close, Connect or
// Read; sockutil.ErrorAndExit; make([]byte, N); a unix.SockaddrInet4;
// stdout.Write, the C's fputs; os.Exit(0), the C's return 0.
func goSteps(n ast.Node) []string {
	if n == nil || n == ast.Node((*ast.BlockStmt)(nil)) {
		return nil
	}
	var steps []string
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if sel, ok := n.Type.(*ast.SelectorExpr); ok && ident(sel.X) == "unix" && sel.Sel.Name == "SockaddrInet4" {
				steps = append(steps, "struct sockaddr_in")
			}
		case *ast.CallExpr:
			if s := goCall(n); s != "" {
				steps = append(steps, s)
			}
		}
		return true
	})
	return steps
}

func goCall(call *ast.CallExpr) string {
	if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "make" && len(call.Args) == 2 {
		if lit, ok := call.Args[1].(*ast.BasicLit); ok {
			return "char recvBuff[" + lit.Value + "]"
		}
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	pkg, fn := ident(sel.X), sel.Sel.Name
	arg := func(i int) string {
		if i >= len(call.Args) {
			return ""
		}
		switch a := call.Args[i].(type) {
		case *ast.BasicLit:
			return a.Value
		case *ast.SelectorExpr:
			return a.Sel.Name
		case *ast.CallExpr: // []byte("Server Message")
			if len(a.Args) == 1 {
				if lit, ok := a.Args[0].(*ast.BasicLit); ok {
					return lit.Value
				}
			}
		case *ast.SliceExpr: // recvBuff[:len(recvBuff)-1]
			if b, ok := a.High.(*ast.BinaryExpr); ok && b.Op == token.SUB {
				if l, ok := b.X.(*ast.CallExpr); ok && ident(l.Fun) == "len" && len(l.Args) == 1 {
					if one, ok := b.Y.(*ast.BasicLit); ok {
						return "sizeof(" + ident(l.Args[0]) + ")-" + one.Value
					}
				}
			}
		}
		return "?"
	}
	switch {
	case pkg == "unix" && fn == "Socket":
		return fmt.Sprintf("socket(%s, %s, %s)", arg(0), arg(1), arg(2))
	case pkg == "unix" && slices.Contains([]string{"Bind", "Accept", "Close", "Connect"}, fn):
		return strings.ToLower(fn)
	case pkg == "unix" && fn == "Listen":
		return "listen(backlog " + arg(1) + ")"
	case pkg == "unix" && fn == "Write":
		return "write(" + arg(1) + ")"
	case pkg == "unix" && fn == "Read":
		return "read(" + arg(1) + ")"
	case pkg == "sockutil" && fn == "ErrorAndExit":
		return "ErrorAndExit(" + arg(0) + ")"
	case pkg == "stdout" && fn == "Write":
		return "fputs"
	case pkg == "os" && fn == "Exit" && arg(0) == "0":
		return "return 0"
	}
	return ""
}

func ident(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
