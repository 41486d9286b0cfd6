package detect

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// The value types the plan's language adds to expr's: a share (5%), a
// window (3 blocks), a change over a window, and an amount in a token's
// units (1000 USDC), whose decimals are read from the chain once.

// Ratio is a share, e.g. 5% (1/20). Ratio * integer is the integer's share,
// rounded down ("5% of reserve0").
type Ratio struct{ R *big.Rat }

// String formats the share as a percentage.
func (r Ratio) String() string {
	p := new(big.Rat).Mul(r.R, big.NewRat(100, 1))
	return strings.TrimSuffix(strings.TrimRight(p.FloatString(4), "0"), ".") + "%"
}

// Blocks is a window of blocks, e.g. 3 blocks.
type Blocks uint64

// Window is a window in time, e.g. 1h (a metric's values of the blocks
// whose timestamps are within it).
type Window time.Duration

// Change is a metric's change over a window: Delta is now minus the
// value at the window's start (Base). Compared with an integer, it is the
// absolute change (Delta); compared with a share, the relative one
// (Delta / Base): change(price, 3 blocks) > 8%.
type Change struct {
	Delta, Base *big.Int
	// rel is Delta / |Base|, when Base is not zero
	rel *big.Rat
}

// TokenAmount is an amount in a token's whole units ("1000 USDC"),
// turned into base units with the token's decimals once they are known.
type TokenAmount struct {
	Amount *big.Rat
	Token  *tokenInfo
	// memo holds the amount in base units once computed
	memo *atomic.Pointer[big.Int]
}

// newTokenAmount is amount of t.
func newTokenAmount(amount *big.Rat, t *tokenInfo) TokenAmount {
	return TokenAmount{Amount: amount, Token: t, memo: new(atomic.Pointer[big.Int])}
}

// token is an ERC-20 of the plan whose decimals a condition needs; the
// engine reads them once (see Engine.Reads) and keeps them in its State.
type tokenInfo struct {
	name    string
	network string
	addr    common.Address
	mu      sync.RWMutex
	known   bool
	dec     uint8
}

func (t *tokenInfo) decimals() (uint8, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.dec, t.known
}

func (t *tokenInfo) set(d uint8) {
	t.mu.Lock()
	t.dec, t.known = d, true
	t.mu.Unlock()
}

// errDecimals is the error of a token amount whose token's decimals are
// not known yet (their read failed or has not been made).
var errDecimals = errors.New("decimals not known yet")

// base returns the amount in base units: it must be whole.
func (a TokenAmount) base() (*big.Int, error) {
	if a.memo != nil {
		if v := a.memo.Load(); v != nil {
			return v, nil
		}
	}
	d, ok := a.Token.decimals()
	if !ok {
		return nil, fmt.Errorf("%s %s: %w", a.Amount.FloatString(6), a.Token.name, errDecimals)
	}
	r := new(big.Rat).Mul(a.Amount, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)))
	if !r.IsInt() {
		return nil, fmt.Errorf("%s %s is not a whole number of base units (%d decimals)", a.Amount.FloatString(int(d)+1), a.Token.name, d)
	}
	v := new(big.Int).Set(r.Num())
	if a.memo != nil {
		a.memo.Store(v)
	}
	return v, nil
}

var (
	ratioType  = reflect.TypeOf(Ratio{})
	changeType = reflect.TypeOf(Change{})
	tokAmtType = reflect.TypeOf(TokenAmount{})
	floatType  = reflect.TypeOf(float64(0))
)

// share is x * r, rounded down.
func share(r Ratio, x *big.Int) *big.Int {
	n := new(big.Int).Mul(x, r.R.Num())
	return n.Quo(n, r.R.Denom())
}

// ratioOf is the share of an operand that must be a Ratio.
func ratioOf(v any) (Ratio, bool) {
	r, ok := v.(Ratio)
	return r, ok && r.R != nil
}

// shareOp is Ratio * integer (either order).
func shareOp(a, b any) (any, error) {
	if r, ok := ratioOf(a); ok {
		x, err := toBig(b)
		if err != nil {
			return nil, err
		}
		return share(r, x), nil
	}
	if r, ok := ratioOf(b); ok {
		x, err := toBig(a)
		if err != nil {
			return nil, err
		}
		return share(r, x), nil
	}
	return nil, fmt.Errorf("cannot take a share of %T and %T", a, b)
}

// cmpChange compares a change with an integer (its delta) or a share (its
// delta relative to its base). A change from a zero base is above every
// share when it rose, below when it fell.
func cmpChange(c Change, v any) (int, error) {
	if c.Delta == nil || c.Base == nil {
		return 0, errors.New("missing change value")
	}
	if r, ok := ratioOf(v); ok {
		if c.Base.Sign() == 0 {
			return c.Delta.Sign(), nil
		}
		// Delta/|Base| against r, exactly
		lhs := c.rel
		if lhs == nil {
			lhs = new(big.Rat).SetFrac(c.Delta, new(big.Int).Abs(c.Base))
		}
		return lhs.Cmp(r.R), nil
	}
	y, err := toBig(v)
	if err != nil {
		return 0, err
	}
	return c.Delta.Cmp(y), nil
}

// cmpAny compares two operands of the language's ordered types.
func cmpAny(a, b any) (int, error) {
	switch x := a.(type) {
	case Change:
		return cmpChange(x, b)
	case Ratio:
		switch y := b.(type) {
		case Ratio:
			return x.R.Cmp(y.R), nil
		case Change:
			c, err := cmpChange(y, x)
			return -c, err
		}
		return 0, fmt.Errorf("cannot compare a share (%s) with %T: write %s of X", x, b, x)
	}
	switch y := b.(type) {
	case Change:
		c, err := cmpChange(y, a)
		return -c, err
	case Ratio:
		return 0, fmt.Errorf("cannot compare %T with a share (%s): write %s of X", a, y, y)
	}
	return cmpInts(a, b)
}
