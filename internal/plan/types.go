// Package plan is the incident response plan as code: the Go types of the
// plan file (breakglass.yaml), its loader, which keeps the YAML position of
// every element, and its validation, which reports every problem at once as
// FILE:LINE:COL: message.
//
// A Plan returned by Load or Parse has been validated: the code that runs it
// never checks it again. Secrets are never held in a Plan, only references to
// them (SecretRef), resolved when they are used.
package plan

import (
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// Version is the only plan file format version this package reads.
const Version = 1

// Standard role names. A plan may define other roles too.
const (
	RoleIncidentCommander  = "incident_commander"
	RoleTechnicalLead      = "technical_lead"
	RoleCommunicationsLead = "communications_lead"
	RoleLegalLead          = "legal_lead"
	RoleScribe             = "scribe"
)

// Executor types.
const (
	ExecutorKey  = "key"
	ExecutorSafe = "safe"
)

// Channel types.
const (
	ChannelSlack     = "slack"
	ChannelDiscord   = "discord"
	ChannelTelegram  = "telegram"
	ChannelPagerDuty = "pagerduty"
	ChannelEmail     = "email"
	ChannelWebhook   = "webhook"
)

// Channel audiences. An external channel never receives internal details.
const (
	AudienceInternal = "internal"
	AudienceExternal = "external"
)

// Detector kinds.
const (
	KindEvent       = "event"
	KindFunction    = "function"
	KindTransaction = "transaction"
	KindBalance     = "balance"
	KindInvariant   = "invariant"
	KindHeuristic   = "heuristic"
)

// Built-in heuristic names, for detectors of kind heuristic.
const (
	HeuristicReentrancy      = "reentrancy"
	HeuristicFlashLoan       = "flash-loan-outflow"
	HeuristicNewContract     = "new-contract-extraction"
	HeuristicPrivilegeChange = "privileged-change"
	HeuristicTVLOutflow      = "tvl-outflow"
	// HeuristicPriceSwing: a pool's price pushed and brought back inside
	// one transaction (each Sync of the transaction, not the block's end).
	HeuristicPriceSwing = "intra-tx-price-swing"
)

// Built-in obligation rule names (see internal/report for their deadlines).
const (
	RuleDORA      = "dora"
	RuleNIS2      = "nis2"
	RuleGDPR      = "gdpr"
	RuleSEC8K     = "sec-8k"
	RuleNYDFS     = "nydfs"
	RuleMAS       = "mas"
	RuleFinCENSAR = "fincen-sar"
	RuleIC3       = "ic3"
)

// NativeToken names the chain's native currency where a token (a contract
// name) is expected, as in a balance detector.
const NativeToken = "native"

// Plan is one incident response plan: what to watch, who responds, how they
// are reached, what containment may do and what must be reported.
type Plan struct {
	// Version of the file format; must be 1.
	Version int `yaml:"version" json:"version" plan:"required"`
	// Name of the protocol or team the plan is for, shown in messages.
	Name string `yaml:"name,omitempty" json:"name,omitempty"`

	// Networks are the chains followed.
	Networks []Network `yaml:"networks" json:"networks" plan:"required"`
	// Contracts are the monitored contracts and their containment actions.
	Contracts []Contract `yaml:"contracts" json:"contracts" plan:"required"`
	// Executors are the authorities that send containment transactions.
	Executors []Executor `yaml:"executors,omitempty" json:"executors,omitempty"`
	// People are who may hold roles, be paged and approve.
	People []Person `yaml:"people" json:"people" plan:"required"`
	// Roles are the incident roles by name (see the Role… constants); other
	// names (e.g. "signers") are allowed.
	Roles map[string]Role `yaml:"roles" json:"roles" plan:"required"`
	// Severities are the incident levels, most severe first by convention.
	Severities []Severity `yaml:"severities" json:"severities" plan:"required"`
	// Channels are the notification targets.
	Channels []Channel `yaml:"channels,omitempty" json:"channels,omitempty"`
	// Detectors are what is watched.
	Detectors []Detector `yaml:"detectors" json:"detectors" plan:"required"`
	// Obligations are the reports owed to authorities.
	Obligations []Obligation `yaml:"obligations,omitempty" json:"obligations,omitempty"`
	// Runbooks are the steps per incident type.
	Runbooks []Runbook `yaml:"runbooks,omitempty" json:"runbooks,omitempty"`
	// Incidents holds how alerts are grouped into incidents.
	Incidents Grouping `yaml:"incidents,omitempty" json:"incidents"`
	// Templates override the built-in notification templates.
	Templates []Template `yaml:"templates,omitempty" json:"templates,omitempty"`
	// Policy says what containment needs before it runs.
	Policy Policy `yaml:"policy,omitempty" json:"policy"`
	// API configures the daemon's HTTP API.
	API API `yaml:"api,omitempty" json:"api"`
	// Heartbeat is the daemon's self-monitoring: the dead-man's switch URL
	// and the thresholds of a healthy cycle.
	Heartbeat Heartbeat `yaml:"heartbeat,omitempty" json:"heartbeat"`
	// Accounts name the wallets and contracts a team speaks of (admin,
	// relayer, minter, known integrations), once: an address, or a list of
	// addresses and names (an address set). Conditions use them as
	// accounts.NAME; fields taking an address take their names.
	Accounts map[string]Account `yaml:"accounts,omitempty" json:"accounts,omitempty"`
	// Constants are named values written as expressions ("500 ether",
	// "5%", "0x…", "1000 USDC"), usable by name in every condition.
	Constants map[string]Constant `yaml:"constants,omitempty" json:"constants,omitempty"`

	// Path is the file the plan was read from (the FILE of positions).
	Path string `yaml:"-" json:"-"`
	// Source is the plan file's raw bytes, as read.
	Source []byte `yaml:"-" json:"-"`
	// Hash identifies this version of the plan: the hex SHA-256 of Source
	// followed by every ABI file it references, in plan order.
	Hash string `yaml:"-" json:"hash,omitempty"`

	// positions maps value paths ("detectors[2].condition") to positions.
	positions map[string]Pos
}

// Pos is a position in a plan file. Line and Col count from 1; a zero Pos
// means "unknown" (for example, a plan built in code). Every element type
// has a Pos field: where it was written (its key, for a map entry).
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// Network is one EVM chain followed by the daemon.
type Network struct {
	Name string `yaml:"name" json:"name" plan:"required"`
	// ChainID is checked against the node's eth_chainId.
	ChainID uint64 `yaml:"chain_id" json:"chain_id" plan:"required"`
	// RPC lists the node endpoints in order of preference (http, https, ws,
	// wss); later ones are used when earlier ones fail. An endpoint that holds
	// an API key may be written as a secret reference.
	RPC []Endpoint `yaml:"rpc" json:"rpc" plan:"required"`
	// Confirmations is how many blocks a block must have on top of it before
	// it is processed (0: process the head at once).
	Confirmations uint64 `yaml:"confirmations,omitempty" json:"confirmations"`
	// PollInterval is how often an HTTP-only network is polled for new
	// heads (default 2s).
	PollInterval Duration `yaml:"poll_interval,omitempty" json:"poll_interval"`
	// MaxReorgDepth bounds how far back a reorg is followed (default 64).
	MaxReorgDepth uint64 `yaml:"max_reorg_depth,omitempty" json:"max_reorg_depth"`
	// BlockTime is the network's expected time between blocks (default
	// 12s); the head is stalled after heartbeat.stall_after of them
	// without a new block.
	BlockTime Duration `yaml:"block_time,omitempty" json:"block_time"`
	// Fees are the fees of the containment transactions sent on this
	// network.
	Fees Fees `yaml:"fees,omitempty" json:"fees"`
	// Mempool turns on pre-execution protection: pending transactions are
	// watched, simulated and run through the same detectors, and a
	// containment they call for is sent with a priority fee above theirs.
	// Off by default.
	Mempool Mempool `yaml:"mempool,omitempty" json:"mempool"`
	// Explorer is the base URL of the network's block explorer (e.g.
	// https://etherscan.io); the war room and the post-mortem link
	// transactions (EXPLORER/tx/HASH), addresses (/address/ADDR) and
	// blocks (/block/N) to it. Optional.
	Explorer string `yaml:"explorer,omitempty" json:"explorer,omitempty"`
	// NativeSymbol is the symbol of the network's native currency in
	// amounts shown to people [ETH]; it has 18 decimals.
	NativeSymbol string `yaml:"native_symbol,omitempty" json:"native_symbol,omitempty"`
	// RequestTimeout bounds each request to one of the network's endpoints
	// (default 10s).
	RequestTimeout Duration `yaml:"request_timeout,omitempty" json:"request_timeout"`
	// Prefetch is how many blocks are fetched at once while catching up
	// (default 8).
	Prefetch int `yaml:"prefetch,omitempty" json:"prefetch"`
	// Traces tunes the call traces that function detectors and heuristics
	// need.
	Traces Traces `yaml:"traces,omitempty" json:"traces"`
	// Replicas is how many of the daemons sharing the database follow this
	// network: each of them fetches and evaluates every block, and one
	// commits it, so that the others are its hot standby. 0 (the default)
	// is every daemon; a number (at least 2) spreads many networks over a
	// larger fleet.
	Replicas int `yaml:"replicas,omitempty" json:"replicas,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Trace methods of Traces.Method.
const (
	TraceAuto             = "auto"
	TraceParity           = "parity"
	TraceDebugTransaction = "debug_transaction"
	TraceDebugBlock       = "debug_block"
)

// Traces tunes a network's call tracing.
type Traces struct {
	// Method is auto (default: the cheapest the endpoint serves —
	// trace_block/trace_transaction, else debug_traceTransaction per
	// transaction), parity, debug_transaction or debug_block.
	Method string `yaml:"method,omitempty" json:"method,omitempty"`
	// All traces every transaction; by default only the transactions that
	// touch a watched contract are traced (and every transaction of a
	// block that moved a watched contract's native balance unexplained).
	All bool `yaml:"all,omitempty" json:"all,omitempty"`
	// Timeout bounds one trace request (default: request_timeout); a
	// request that times out is tried once more with four times as long.
	Timeout Duration `yaml:"timeout,omitempty" json:"timeout"`

	Pos Pos `yaml:"-" json:"-"`
}

// Native returns the symbol of the network's native currency (ETH unless
// native_symbol says otherwise).
func (n Network) Native() string {
	if n.NativeSymbol != "" {
		return n.NativeSymbol
	}
	return "ETH"
}

// Mempool is a network's pre-execution protection.
type Mempool struct {
	// Enabled watches the network's pending transactions (it needs a
	// WebSocket endpoint that serves newPendingTransactions, and the
	// node's debug_traceCall).
	Enabled bool `yaml:"enabled,omitempty" json:"enabled"`
	// MaxPriorityFee caps the priority fee of a containment sent ahead of
	// a pending transaction [the network's fees.max_fee].
	MaxPriorityFee Wei `yaml:"max_priority_fee,omitempty" json:"max_priority_fee,omitempty"`
	// PrivateRPC are private submission endpoints (a relay or builder
	// that takes eth_sendRawTransaction and keeps the transaction out of
	// the public pool): every containment transaction of the network is
	// also sent there, so that it reaches a block builder even when the
	// public pool is flooded or watched by the attacker.
	PrivateRPC []Endpoint `yaml:"private_rpc,omitempty" json:"private_rpc,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// DefaultMaxFee is the fee cap of containment transactions when a network
// sets none: 500 gwei.
const DefaultMaxFee = "500 gwei"

// Fees are the EIP-1559 fees of a network's containment transactions.
type Fees struct {
	// MaxPriorityFee is the priority fee (maxPriorityFeePerGas) of a
	// containment transaction's first send, used as written. Unset: 2 gwei,
	// or the node's suggestion when higher. Replacements of a transaction
	// left unmined raise it, up to MaxFee.
	MaxPriorityFee Wei `yaml:"max_priority_fee,omitempty" json:"max_priority_fee,omitempty"`
	// MaxFee caps the fee per gas (maxFeePerGas, base fee plus priority
	// fee) of every send and replacement [DefaultMaxFee].
	MaxFee Wei `yaml:"max_fee,omitempty" json:"max_fee,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Contract is a monitored contract and what containment may do to it.
type Contract struct {
	Name    string         `yaml:"name" json:"name" plan:"required"`
	Network string         `yaml:"network" json:"network" plan:"required"`
	Address common.Address `yaml:"address" json:"address" plan:"required"`
	// ABI is the contract's interface: a path (relative to the plan file) to a
	// JSON ABI or to a solc/Hardhat/Foundry artifact with an "abi" key, or the
	// ABI written inline as a YAML list. Event and function detectors need it.
	ABI *ABI `yaml:"abi,omitempty" json:"abi,omitempty"`
	// Executor is the default executor of this contract's actions.
	Executor string `yaml:"executor,omitempty" json:"executor,omitempty"`
	// StartBlock is where a fresh follower starts for this contract (0: head).
	StartBlock uint64 `yaml:"start_block,omitempty" json:"start_block,omitempty"`
	// Actions are the containment actions, by name (pause, unpause, …).
	Actions map[string]Action `yaml:"actions,omitempty" json:"actions,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// ABI is a contract's interface as given in the plan.
type ABI struct {
	// Path is the file the ABI was read from, as written in the plan
	// (relative to the plan file); empty when the ABI is inline.
	Path string `json:"path,omitempty"`
	// Parsed is the decoded ABI, loaded by Load/Parse.
	Parsed abi.ABI `json:"-"`
	// inline keeps an inline ABI's entries for marshalling back to YAML.
	inline []any
	// data is the ABI file's content, part of the plan's hash.
	data []byte
	Pos  Pos `json:"-"`
}

// Action is one containment call on a contract. In YAML it is either a
// function signature alone (`pause: pause()`, using the contract's executor)
// or a mapping with call, args, executor, value and upgrade.
type Action struct {
	// Name is the action's key in the contract's actions map.
	Name string `yaml:"-" json:"name" plan:"key"`
	// Call is the function signature, e.g. "pause()" or
	// "revokeRole(bytes32,address)".
	Call string `yaml:"call" json:"call" plan:"required"`
	// Args are the call's arguments as text, one per parameter, in order
	// (decimal integers, 0x hex, true/false, addresses).
	Args []string `yaml:"args,omitempty" json:"args,omitempty"`
	// Executor names the executor that sends it (default: the contract's).
	Executor string `yaml:"executor,omitempty" json:"executor,omitempty"`
	// Value is the wei sent with the call, as a decimal integer (default 0).
	Value string `yaml:"value,omitempty" json:"value,omitempty"`
	// Upgrade holds the checks of a proxy upgrade action.
	Upgrade *Upgrade `yaml:"upgrade,omitempty" json:"upgrade,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Upgrade describes a proxy upgrade: the implementation it installs and
// what must be true of it before the upgrade is sent.
type Upgrade struct {
	// Implementation must have code at the time of the upgrade.
	Implementation common.Address `yaml:"implementation" json:"implementation" plan:"required"`
	// CodeHash, if set, must equal keccak256 of the implementation's code.
	CodeHash *common.Hash `yaml:"code_hash,omitempty" json:"code_hash,omitempty"`
	// ProxyAdmin is the ProxyAdmin of a transparent proxy; unset for UUPS.
	ProxyAdmin *common.Address `yaml:"proxy_admin,omitempty" json:"proxy_admin,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Executor is an authority that can send containment transactions.
type Executor struct {
	Name string `yaml:"name" json:"name" plan:"required"`
	// Type is "key" or "safe".
	Type string `yaml:"type" json:"type" plan:"required"`
	// Network restricts the executor to one network (required for a safe).
	Network string `yaml:"network,omitempty" json:"network,omitempty"`

	// Key (type key) is the guardian private key, hex, as a secret reference.
	Key SecretRef `yaml:"key,omitempty" json:"key,omitzero"`
	// Keystore (type key) is a go-ethereum encrypted keystore file, relative
	// to the plan file, used instead of Key; Password unlocks it.
	Keystore string    `yaml:"keystore,omitempty" json:"keystore,omitempty"`
	Password SecretRef `yaml:"password,omitempty" json:"password,omitzero"`

	// Safe (type safe) is the Safe multisig's address.
	Safe common.Address `yaml:"safe,omitempty" json:"safe,omitzero"`
	// Owners (type safe) are the owner keys held here, as secret references.
	Owners []SecretRef `yaml:"owners,omitempty" json:"owners,omitempty"`
	// Threshold (type safe) is the Safe's threshold, if known; the chain's
	// value is authoritative.
	Threshold int `yaml:"threshold,omitempty" json:"threshold,omitempty"`
	// ServiceURL (type safe) is the Safe Transaction Service to propose to
	// when the held keys are fewer than the threshold.
	ServiceURL string `yaml:"service_url,omitempty" json:"service_url,omitempty"`
	// ServiceAPIKey (type safe) is the Safe Transaction Service's API key,
	// as a secret reference (env:SAFE_API_KEY); it is sent as
	// "Authorization: Bearer KEY". Safe's hosted service (api.safe.global)
	// requires one for production use.
	ServiceAPIKey SecretRef `yaml:"service_api_key,omitempty" json:"service_api_key,omitzero"`
	// Submitter (type safe) names the key executor that sends
	// execTransaction once enough signatures are held.
	Submitter string `yaml:"submitter,omitempty" json:"submitter,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Person is someone who may hold a role, be paged, or approve.
type Person struct {
	Name string `yaml:"name" json:"name" plan:"required"`
	// Contacts say how the person is reached on each channel type.
	Contacts Contacts `yaml:"contacts,omitempty" json:"contacts"`
	// Token is the person's API bearer token, as a secret reference.
	Token SecretRef `yaml:"token,omitempty" json:"token,omitzero"`
	// Signer is the person's Safe owner address, if they sign.
	Signer *common.Address `yaml:"signer,omitempty" json:"signer,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Contacts are a person's handles, one per channel type.
type Contacts struct {
	Slack     string `yaml:"slack,omitempty" json:"slack,omitempty"`
	Discord   string `yaml:"discord,omitempty" json:"discord,omitempty"`
	Telegram  string `yaml:"telegram,omitempty" json:"telegram,omitempty"`
	Email     string `yaml:"email,omitempty" json:"email,omitempty"`
	PagerDuty string `yaml:"pagerduty,omitempty" json:"pagerduty,omitempty"`
	Phone     string `yaml:"phone,omitempty" json:"phone,omitempty"`
}

// Role is who holds a role in an incident: the primary at opening, the
// backups, in order, on escalation or reassignment.
type Role struct {
	// Name is the role's key in the roles map.
	Name    string   `yaml:"-" json:"name" plan:"key"`
	Primary string   `yaml:"primary" json:"primary" plan:"required"`
	Backups []string `yaml:"backups,omitempty" json:"backups,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Severity is a level of incident and what it demands.
type Severity struct {
	Name        string `yaml:"name" json:"name" plan:"required"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// AckWithin is how long the incident may stay unacknowledged before it
	// escalates (0: never escalates).
	AckWithin Duration `yaml:"ack_within,omitempty" json:"ack_within"`
	// Page lists whom an incident of this severity pages: role, person or
	// channel names.
	Page []string `yaml:"page,omitempty" json:"page,omitempty"`
	// AutoContain lets containment run without a human approval.
	AutoContain bool `yaml:"auto_contain,omitempty" json:"auto_contain"`
	// RequiresPostmortem forbids closing without a post-mortem.
	RequiresPostmortem bool `yaml:"requires_postmortem,omitempty" json:"requires_postmortem"`
	// UpdateEvery is the cadence of external status updates (0: none).
	UpdateEvery Duration `yaml:"update_every,omitempty" json:"update_every"`
	// Escalation bounds repeated paging.
	Escalation Escalation `yaml:"escalation,omitempty" json:"escalation"`

	Pos Pos `yaml:"-" json:"-"`
}

// Escalation is how paging repeats while an incident is unacknowledged.
type Escalation struct {
	// Every is the time between escalation steps (default: AckWithin).
	Every Duration `yaml:"every,omitempty" json:"every"`
	// Max is the number of escalation steps (default 3).
	Max int `yaml:"max,omitempty" json:"max"`
}

// Channel is a notification target.
type Channel struct {
	Name string `yaml:"name" json:"name" plan:"required"`
	// Type is slack, discord, telegram, pagerduty, email or webhook.
	Type string `yaml:"type" json:"type" plan:"required"`
	// Audience is internal (default) or external.
	Audience string `yaml:"audience,omitempty" json:"audience"`

	// WebhookURL (slack, discord) is the incoming webhook URL, a secret.
	WebhookURL SecretRef `yaml:"webhook_url,omitempty" json:"webhook_url,omitzero"`
	// URL (webhook) is where JSON is POSTed.
	URL string `yaml:"url,omitempty" json:"url,omitempty"`
	// Secret (webhook) keys the X-Signature HMAC-SHA256.
	Secret SecretRef `yaml:"secret,omitempty" json:"secret,omitzero"`
	// Token (telegram) is the bot token.
	Token SecretRef `yaml:"token,omitempty" json:"token,omitzero"`
	// ChatID (telegram) is the chat messages go to.
	ChatID string `yaml:"chat_id,omitempty" json:"chat_id,omitempty"`
	// RoutingKey (pagerduty) is the Events API v2 integration key.
	RoutingKey SecretRef `yaml:"routing_key,omitempty" json:"routing_key,omitzero"`
	// APIURL (telegram, pagerduty) overrides the service's API base URL.
	APIURL string `yaml:"api_url,omitempty" json:"api_url,omitempty"`
	// Deployment (pagerduty) names this breakglass deployment among those
	// sharing the service: it is the events' source and prefixes their
	// dedup keys, so that INC-2026-0001 of staging and of production never
	// land on one PagerDuty alert. Default: DeploymentID of the plan.
	Deployment string `yaml:"deployment,omitempty" json:"deployment,omitempty"`
	// SMTP (email) is the mail server and recipients.
	SMTP *SMTP `yaml:"smtp,omitempty" json:"smtp,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// SMTP is an email channel's server and envelope.
type SMTP struct {
	Host     string    `yaml:"host" json:"host" plan:"required"`
	Port     int       `yaml:"port,omitempty" json:"port"`
	Username string    `yaml:"username,omitempty" json:"username,omitempty"`
	Password SecretRef `yaml:"password,omitempty" json:"password,omitzero"`
	From     string    `yaml:"from" json:"from" plan:"required"`
	To       []string  `yaml:"to" json:"to" plan:"required"`
	// StartTLS requires STARTTLS (default true; false only for local tests).
	StartTLS *bool `yaml:"starttls,omitempty" json:"starttls,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Detector is one thing to watch and what it raises.
type Detector struct {
	Name        string `yaml:"name" json:"name" plan:"required"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Kind is event, function, transaction, balance, invariant or heuristic.
	Kind string `yaml:"kind" json:"kind" plan:"required"`
	// Contract is the watched contract (required for event, function and
	// balance; optional for transaction, invariant and heuristic).
	Contract string `yaml:"contract,omitempty" json:"contract,omitempty"`
	// Signature is the event (kind event) or function (kind function), e.g.
	// "Withdraw(address,uint256)"; parameter names and "indexed" may be
	// written and are ignored when matching the ABI.
	Signature string `yaml:"signature,omitempty" json:"signature,omitempty"`
	// Condition is an expression over the decoded fields that must be true
	// for an alert (empty: every match alerts). On an invariant detector it
	// is deprecated (it reads as what must hold but is what alerts): write
	// Holds instead.
	Condition string `yaml:"condition,omitempty" json:"condition,omitempty"`
	// ConditionPos is where the condition's text starts in the file.
	ConditionPos Pos `yaml:"-" json:"-"`
	// Holds (kind invariant) is the invariant itself: an expression over
	// the reads that must be true; the detector alerts when it is false,
	// e.g. "cash + debt >= deposits".
	Holds string `yaml:"holds,omitempty" json:"holds,omitempty"`
	// HoldsPos is where the holds expression starts in the file.
	HoldsPos Pos `yaml:"-" json:"-"`
	// Severity names the severity of the alerts.
	Severity string `yaml:"severity" json:"severity" plan:"required"`
	// IncidentType selects the runbook (e.g. exploit, key-compromise).
	IncidentType string `yaml:"incident_type,omitempty" json:"incident_type,omitempty"`
	// Response lists the contract actions to run: an action of the
	// detector's contract by name ("pause"), or "contract.action".
	Response []string `yaml:"response,omitempty" json:"response,omitempty"`
	// AutoContain overrides the severity's auto_contain when set.
	AutoContain *bool `yaml:"auto_contain,omitempty" json:"auto_contain,omitempty"`
	// Threshold requires several matches within a window before alerting.
	Threshold *Threshold `yaml:"threshold,omitempty" json:"threshold,omitempty"`
	// Cooldown suppresses repeated alerts of this detector for a while.
	Cooldown Duration `yaml:"cooldown,omitempty" json:"cooldown"`
	// Heuristic (kind heuristic) names the built-in heuristic.
	Heuristic string `yaml:"heuristic,omitempty" json:"heuristic,omitempty"`
	// Params (kind heuristic) are the heuristic's parameters.
	Params map[string]any `yaml:"params,omitempty" json:"params,omitempty"`
	// Reads (kind invariant) are eth_call reads at the block, by name; the
	// condition refers to them by name.
	Reads map[string]Read `yaml:"reads,omitempty" json:"reads,omitempty"`
	// Balance (kind balance) is the watched balance and its allowed drop.
	Balance *Balance `yaml:"balance,omitempty" json:"balance,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Account is a named address or address set of the plan.
type Account struct {
	// Name is the account's key in the accounts map.
	Name string `yaml:"-" json:"name" plan:"key"`
	// Members are the addresses, or names of other accounts and of
	// contracts, as written (one for a single account).
	Members []string `yaml:"-" json:"members"`
	// Set is true when the account was written as a list: in conditions it
	// is a list of addresses (tx.from in accounts.admins), else one address.
	Set bool `yaml:"-" json:"set,omitempty"`
	// Addresses are the members resolved by Load/Parse, in order, without
	// duplicates.
	Addresses []common.Address `yaml:"-" json:"addresses"`

	Pos Pos `yaml:"-" json:"-"`
}

// Constant is a named value of the plan, written as an expression of the
// condition language and evaluated once, when the detectors compile.
type Constant struct {
	// Name is the constant's key in the constants map.
	Name string `yaml:"-" json:"name" plan:"key"`
	// Expr is the value as written, e.g. "500 ether" or "5%".
	Expr string `yaml:"-" json:"expr"`
	// ExprPos is where the expression starts in the file.
	ExprPos Pos `yaml:"-" json:"-"`

	Pos Pos `yaml:"-" json:"-"`
}

// Threshold is "Count matches within Window".
type Threshold struct {
	Count  int      `yaml:"count" json:"count" plan:"required"`
	Window Duration `yaml:"window" json:"window" plan:"required"`

	Pos Pos `yaml:"-" json:"-"`
}

// Read is one eth_call of an invariant detector.
type Read struct {
	// Name is the read's key in the reads map, the name the condition uses.
	Name string `yaml:"-" json:"name" plan:"key"`
	// Contract names the contract called.
	Contract string `yaml:"contract" json:"contract" plan:"required"`
	// Call is the view function's signature, e.g. "balanceOf(address)".
	Call string `yaml:"call" json:"call" plan:"required"`
	// Args are the call's arguments as text; a contract name stands for its
	// address.
	Args []string `yaml:"args,omitempty" json:"args,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Balance is a balance detector's target.
type Balance struct {
	// Token is a contract name (an ERC-20) or "native".
	Token string `yaml:"token" json:"token" plan:"required"`
	// Drop is the allowed fall before an alert: a share ("10%") or an amount
	// in base units, optionally with a unit ("500 ether", "1000000").
	Drop Drop `yaml:"drop" json:"drop" plan:"required"`
	// Window is the number of blocks the drop is measured over (default 1).
	Window uint64 `yaml:"window,omitempty" json:"window"`

	Pos Pos `yaml:"-" json:"-"`
}

// Obligation is a report the team must make to an authority when an
// incident triggers it, by a built-in rule.
type Obligation struct {
	// Name identifies the obligation in the plan (default: the rule).
	Name string `yaml:"name,omitempty" json:"name"`
	// Rule is the built-in rule: dora, nis2, gdpr, sec-8k, nydfs, mas,
	// fincen-sar or ic3.
	Rule string `yaml:"rule" json:"rule" plan:"required"`
	// Jurisdiction is where it applies, e.g. "EU", "US-NY", "SG".
	Jurisdiction string `yaml:"jurisdiction,omitempty" json:"jurisdiction,omitempty"`
	// Authority is whom the report goes to, as shown on drafts.
	Authority string `yaml:"authority,omitempty" json:"authority,omitempty"`
	// Trigger says which incidents the obligation applies to.
	Trigger Trigger `yaml:"trigger,omitempty" json:"trigger"`
	// TimeZone is the IANA zone business days are counted in (default UTC).
	TimeZone string `yaml:"timezone,omitempty" json:"timezone,omitempty"`
	// Holidays are dates (YYYY-MM-DD) that are not business days.
	Holidays []Date `yaml:"holidays,omitempty" json:"holidays,omitempty"`
	// Remind lists how long before each deadline reminders are sent.
	Remind []Duration `yaml:"remind,omitempty" json:"remind,omitempty"`
	// Notify lists the channels reminders go to (default: the legal lead).
	Notify []string `yaml:"notify,omitempty" json:"notify,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Trigger is an obligation's condition on an incident. Every set field must
// hold; an empty trigger applies to every incident.
type Trigger struct {
	// Severities the incident must have one of.
	Severities []string `yaml:"severities,omitempty" json:"severities,omitempty"`
	// MinLossUSD is the smallest loss, in whole US dollars, that triggers it.
	MinLossUSD uint64 `yaml:"min_loss_usd,omitempty" json:"min_loss_usd,omitempty"`
	// PersonalData requires that personal data was involved.
	PersonalData bool `yaml:"personal_data,omitempty" json:"personal_data,omitempty"`
	// Decision requires a person's recorded decision (e.g. "major",
	// "material") before the clock starts.
	Decision string `yaml:"decision,omitempty" json:"decision,omitempty"`
}

// Runbook is the ordered steps for one incident type.
type Runbook struct {
	// IncidentType is the detectors' incident_type this runbook serves.
	IncidentType string `yaml:"incident_type" json:"incident_type" plan:"required"`
	Title        string `yaml:"title,omitempty" json:"title,omitempty"`
	Steps        []Step `yaml:"steps" json:"steps" plan:"required"`

	Pos Pos `yaml:"-" json:"-"`
}

// Step is one runbook step.
type Step struct {
	// Do says what to do.
	Do string `yaml:"do" json:"do" plan:"required"`
	// Owner is the role that owns the step.
	Owner string `yaml:"owner" json:"owner" plan:"required"`
	// Within is how soon after opening the step should be done.
	Within Duration `yaml:"within,omitempty" json:"within"`
	// Action optionally names a contract action ("contract.action").
	Action string `yaml:"action,omitempty" json:"action,omitempty"`

	Pos Pos `yaml:"-" json:"-"`
}

// Grouping is how alerts become incidents (Alertmanager-like).
type Grouping struct {
	// GroupBy lists the alert fields alerts are grouped by (default
	// DefaultGroupBy: contract and incident type), from GroupFields.
	GroupBy []string `yaml:"group_by,omitempty" json:"group_by,omitempty"`
	// GroupWait is how long a new incident waits for more alerts before its
	// first notification (default 0).
	GroupWait Duration `yaml:"group_wait,omitempty" json:"group_wait"`
	// GroupWindow is how long after its last alert an incident still takes
	// new matching alerts (default 1h).
	GroupWindow Duration `yaml:"group_window,omitempty" json:"group_window"`
	// RepeatInterval is how often an open incident's notification repeats
	// (default 4h).
	RepeatInterval Duration `yaml:"repeat_interval,omitempty" json:"repeat_interval"`
	// MaxAge is how long after it opened an incident still takes new
	// alerts (default 4h): a later alert opens a new incident and pages.
	MaxAge Duration `yaml:"max_age,omitempty" json:"max_age"`
}

// Template overrides one notification template.
type Template struct {
	// Event is the event kind (e.g. opened, acknowledged, contained).
	Event string `yaml:"event" json:"event" plan:"required"`
	// Audience is internal, external, or empty for both.
	Audience string `yaml:"audience,omitempty" json:"audience,omitempty"`
	// Text is a text/template.
	Text string `yaml:"text" json:"text" plan:"required"`

	Pos Pos `yaml:"-" json:"-"`
}

// Policy says what containment needs before it runs.
type Policy struct {
	// Approvals are rules tried in order; the first that matches an action
	// applies. With none matching, an action needs one approval from the
	// incident commander. A severity or detector with auto_contain needs none.
	Approvals []Approval `yaml:"approvals,omitempty" json:"approvals,omitempty"`
}

// Approval is one rule of the approval policy.
type Approval struct {
	// Actions are the action names it covers ("pause", "vault.pause");
	// empty: all.
	Actions []string `yaml:"actions,omitempty" json:"actions,omitempty"`
	// Severities it covers; empty: all.
	Severities []string `yaml:"severities,omitempty" json:"severities,omitempty"`
	// Count is how many distinct people must approve.
	Count int `yaml:"count" json:"count" plan:"required"`
	// Roles are the roles the approvers must hold (any of them).
	Roles []string `yaml:"roles" json:"roles" plan:"required"`

	Pos Pos `yaml:"-" json:"-"`
}

// API configures the daemon's HTTP API and war-room page.
type API struct {
	// Listen is the address served (default 127.0.0.1:8080).
	Listen string `yaml:"listen,omitempty" json:"listen,omitempty"`
	// PublicURL is how people reach it, used in links in messages.
	PublicURL string `yaml:"public_url,omitempty" json:"public_url,omitempty"`
}

// The methods of a heartbeat request.
const (
	HeartbeatGet  = "GET"
	HeartbeatPost = "POST"
)

// Heartbeat is the daemon's self-monitoring. On each healthy cycle (every
// network's head moving, its lag within MaxLag, the store reachable) the
// daemon calls URL, at most once per Every, so that an outside service
// (healthchecks.io, a Prometheus blackbox probe…) pages when the calls
// stop. A network whose head does not move for StallAfter × its
// block_time is stalled: the internal channels are told and the cycle is
// not healthy.
type Heartbeat struct {
	// URL is called on each healthy cycle (http or https; a URL holding a
	// token may be written as env:NAME or file:PATH). Unset: no call, the
	// checks still run.
	URL Endpoint `yaml:"url,omitempty" json:"url,omitzero"`
	// Method is GET (default) or POST (with a JSON summary of the cycle).
	Method string `yaml:"method,omitempty" json:"method,omitempty"`
	// Every is the least time between two calls (default 30s).
	Every Duration `yaml:"every,omitempty" json:"every"`
	// StallAfter is how many block times without a new head make a
	// network's head stalled (default 10).
	StallAfter uint64 `yaml:"stall_after,omitempty" json:"stall_after"`
	// MaxLag is how many blocks the processed block may trail the head
	// (beyond the network's confirmations) and the daemon still be ready
	// (default 10).
	MaxLag uint64 `yaml:"max_lag,omitempty" json:"max_lag"`

	Pos Pos `yaml:"-" json:"-"`
}
