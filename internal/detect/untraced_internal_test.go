package detect

import (
	"strings"
	"testing"
)

func TestMarkUntraced(t *testing.T) {
	alerts := []Alert{{TxIndex: 0, Summary: "a"}, {TxIndex: 2, Summary: "b", Fields: map[string]any{"x": 1}}, {TxIndex: -1, Summary: "block"}}
	markUntraced(alerts, []int{2})
	if alerts[0].Fields["untraced"] != nil || alerts[2].Fields["untraced"] != nil || alerts[1].Fields["untraced"] != true {
		t.Fatalf("marked wrong alerts: %+v", alerts)
	}
	if !strings.Contains(alerts[1].Summary, "untraced") || alerts[1].Fields["x"] != 1 {
		t.Fatalf("alert 1: %+v", alerts[1])
	}
}
