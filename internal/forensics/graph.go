package forensics

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/emicklei/dot"
	"github.com/ethereum/go-ethereum/common"
)

type graphJSON struct {
	Root      string     `json:"root"`
	FromBlock uint64     `json:"from_block"`
	ToBlock   uint64     `json:"to_block"`
	Depth     int        `json:"depth"`
	Fanout    int        `json:"fanout"`
	Nodes     []nodeJSON `json:"nodes"`
	Edges     []edgeJSON `json:"edges"`
}

type nodeJSON struct {
	Address      string `json:"address"`
	Hop          int    `json:"hop"`
	ArrivedBlock uint64 `json:"arrived_block"`
	ArrivedTx    uint   `json:"arrived_tx_index"`
	Label        string `json:"label,omitempty"`
	Kind         string `json:"kind,omitempty"`
	Stop         string `json:"stop,omitempty"`
	Omitted      int    `json:"omitted_outflows,omitempty"`
}

type edgeJSON struct {
	From       string   `json:"from"`
	To         string   `json:"to"`
	Token      string   `json:"token"`
	Amount     string   `json:"amount"`
	Hop        int      `json:"hop"`
	FirstBlock uint64   `json:"first_block"`
	Txs        []string `json:"txs"`
}

// MarshalJSON writes the graph with EIP-55 addresses and exact decimal
// amounts; native value is token 0x0000000000000000000000000000000000000000.
func (g *Graph) MarshalJSON() ([]byte, error) {
	w := graphJSON{
		Root: g.Root.Hex(), FromBlock: g.FromBlock, ToBlock: g.ToBlock, Depth: g.Depth, Fanout: g.Fanout,
		Nodes: []nodeJSON{}, Edges: []edgeJSON{},
	}
	for _, n := range g.Nodes {
		nj := nodeJSON{Address: n.Address.Hex(), Hop: n.Hop, ArrivedBlock: n.Arrived.Block, ArrivedTx: n.Arrived.TxIndex, Stop: n.Stop, Omitted: n.Omitted}
		if n.Label != nil {
			nj.Label, nj.Kind = n.Label.Name, n.Label.Kind
		}
		w.Nodes = append(w.Nodes, nj)
	}
	for _, e := range g.Edges {
		ej := edgeJSON{From: e.From.Hex(), To: e.To.Hex(), Token: e.Token.Hex(), Amount: e.Amount.String(), Hop: e.Hop, FirstBlock: e.First.Block, Txs: []string{}}
		for _, tx := range e.Txs {
			ej.Txs = append(ej.Txs, tx.Hex())
		}
		w.Edges = append(w.Edges, ej)
	}
	return json.Marshal(w)
}

// WriteText writes the graph as an indented tree of hops, each edge with
// its token and exact amount; an address reached twice is printed once in
// full and then referred to.
func (g *Graph) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("Funds out of %s, blocks %d-%d (depth %d, fan-out %d)\n", g.Root.Hex(), g.FromBlock, g.ToBlock, g.Depth, g.Fanout)
	out := map[common.Address][]*FundsEdge{}
	for _, e := range g.Edges {
		out[e.From] = append(out[e.From], e)
	}
	printed := map[common.Address]bool{g.Root: true}
	var walk func(from common.Address, depth int)
	walk = func(from common.Address, depth int) {
		for _, e := range out[from] {
			n := g.Node(e.To)
			indent := strings.Repeat("  ", depth)
			ew.printf("%s-> %s  %s %s  (block %d, %d tx)%s\n", indent, e.To.Hex(), e.Amount, tokenName(e.Token), e.First.Block, len(e.Txs), nodeNote(n))
			if !printed[e.To] && n != nil && n.Hop == e.Hop {
				printed[e.To] = true
				walk(e.To, depth+1)
			}
		}
		if n := g.Node(from); n != nil && n.Omitted > 0 {
			ew.printf("%s   … %d smaller outflows not followed (fan-out %d)\n", strings.Repeat("  ", depth), n.Omitted, g.Fanout)
		}
	}
	walk(g.Root, 1)
	if len(g.Edges) == 0 {
		ew.printf("  no outflows found\n")
	}
	return ew.err
}

func tokenName(token common.Address) string {
	if token == Native {
		return "native"
	}
	return "token " + token.Hex()
}

func nodeNote(n *FundsNode) string {
	if n == nil {
		return ""
	}
	var parts []string
	if n.Label != nil {
		l := n.Label.Name
		if n.Label.Kind != "" {
			l += ", " + n.Label.Kind
		}
		parts = append(parts, l)
	}
	switch n.Stop {
	case StopLabel:
		parts = append(parts, "stop: labelled")
	case StopDepth:
		parts = append(parts, "stop: depth limit")
	case StopBurn:
		parts = append(parts, "stop: zero address")
	}
	if len(parts) == 0 {
		return ""
	}
	return "  [" + strings.Join(parts, "; ") + "]"
}

// WriteDOT writes the graph in Graphviz DOT: one node per address (labelled
// ones boxed and named), one edge per token and recipient with its amount.
func (g *Graph) WriteDOT(w io.Writer) error {
	d := dot.NewGraph(dot.Directed)
	d.Attr("rankdir", "LR")
	nodes := map[common.Address]dot.Node{}
	for _, n := range g.Nodes {
		label := n.Address.Hex()
		if n.Label != nil {
			label += "\n" + n.Label.Name
			if n.Label.Kind != "" {
				label += " (" + n.Label.Kind + ")"
			}
		}
		dn := d.Node(n.Address.Hex()).Label(label)
		switch {
		case n.Hop == 0:
			dn.Attr("shape", "doubleoctagon")
		case n.Label != nil:
			dn.Box()
		}
		nodes[n.Address] = dn
	}
	for _, e := range g.Edges {
		d.Edge(nodes[e.From], nodes[e.To]).Label(fmt.Sprintf("%s %s", e.Amount, tokenName(e.Token)))
	}
	ew := &errWriter{w: w}
	d.Write(ew)
	return ew.err
}
