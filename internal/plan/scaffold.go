package plan

import _ "embed"

//go:embed scaffold.yaml
var scaffold []byte

// Scaffold returns a commented example plan that passes validation as it
// is; `breakglass plan init` writes it.
func Scaffold() []byte { return append([]byte(nil), scaffold...) }
