package profile

import "strconv"

// Thresholds are the numbers rules compare against. Every one has a default
// (see ThresholdSpecs) and can be overridden in [rules.thresholds].
type Thresholds struct {
	// RareTalentShare is the talent-pool share, in percent of developers,
	// below which a primary language or framework counts as rare.
	RareTalentShare float64
	// SmallTeamSize is the team size up to which a team counts as small.
	SmallTeamSize int
	// MVPMaxServices is how many deployable services an MVP may run before
	// it counts as over-engineered.
	MVPMaxServices int
	// MaxStoresSmallTeam is how many distinct stateful stores a small team
	// (or a low budget) can run well.
	MaxStoresSmallTeam int
	// MaxStores is how many distinct stateful stores any team can run well.
	MaxStores int
	// SingleServerRPS is the peak load, in requests per second, above which
	// one server is not expected to cope.
	SingleServerRPS int
	// EOLNoticeDays is how many days before end of life a notice is raised.
	EOLNoticeDays int
	// DecisionRecordYears is the lifetime, in years, from which architecture
	// decision records are expected.
	DecisionRecordYears int
	// MaxManagedDatabases is how many managed databases a low budget justifies.
	MaxManagedDatabases int
	// ModestLoadRPS is the peak load, in requests per second, up to which
	// one modest server copes with room to spare: several services, a
	// broker, a mesh or an orchestrator are not needed for it.
	ModestLoadRPS int
	// MaxServicesSmallTeam is how many deployable services a small team
	// (or a modest load) justifies before it counts as over-engineered.
	MaxServicesSmallTeam int
}

// ThresholdSpec documents one threshold: its key under [rules.thresholds],
// its default and what it means.
type ThresholdSpec struct {
	// Key is the TOML key ("rare_talent_share").
	Key string
	// Default is the default value.
	Default float64
	// Integer is true when the value must be a whole number.
	Integer bool
	// Doc says what the threshold means.
	Doc string

	ptrF func(*Thresholds) *float64
	ptrI func(*Thresholds) *int
}

// DefaultString renders the default as it would be written in TOML.
func (s ThresholdSpec) DefaultString() string {
	if s.Integer {
		return strconv.Itoa(int(s.Default))
	}
	return strconv.FormatFloat(s.Default, 'f', -1, 64)
}

// ThresholdSpecs lists every threshold: the one place their defaults live.
var ThresholdSpecs = []ThresholdSpec{
	{Key: "rare_talent_share", Default: 5.0, Doc: "talent-pool share (% of developers) below which a primary language or framework is rare",
		ptrF: func(t *Thresholds) *float64 { return &t.RareTalentShare }},
	{Key: "small_team_size", Default: 5, Integer: true, Doc: "team size up to which a team counts as small",
		ptrI: func(t *Thresholds) *int { return &t.SmallTeamSize }},
	{Key: "mvp_max_services", Default: 3, Integer: true, Doc: "deployable services an MVP may run before it counts as over-engineered",
		ptrI: func(t *Thresholds) *int { return &t.MVPMaxServices }},
	{Key: "max_stores_small_team", Default: 2, Integer: true, Doc: "distinct stateful stores (databases, caches, brokers) a small team or low budget runs well",
		ptrI: func(t *Thresholds) *int { return &t.MaxStoresSmallTeam }},
	{Key: "max_stores", Default: 4, Integer: true, Doc: "distinct stateful stores any team runs well",
		ptrI: func(t *Thresholds) *int { return &t.MaxStores }},
	{Key: "single_server_rps", Default: 1000, Integer: true, Doc: "peak requests per second above which one server is not expected to cope",
		ptrI: func(t *Thresholds) *int { return &t.SingleServerRPS }},
	{Key: "eol_notice_days", Default: 180, Integer: true, Doc: "days before end of life from which a notice is raised",
		ptrI: func(t *Thresholds) *int { return &t.EOLNoticeDays }},
	{Key: "decision_record_years", Default: 3, Integer: true, Doc: "expected lifetime (years) from which architecture decision records are expected",
		ptrI: func(t *Thresholds) *int { return &t.DecisionRecordYears }},
	{Key: "max_managed_databases", Default: 1, Integer: true, Doc: "managed databases a low budget justifies",
		ptrI: func(t *Thresholds) *int { return &t.MaxManagedDatabases }},
	{Key: "modest_load_rps", Default: 100, Integer: true, Doc: "peak requests per second up to which one modest server copes with room to spare (no need for several services, a broker, a mesh or an orchestrator)",
		ptrI: func(t *Thresholds) *int { return &t.ModestLoadRPS }},
	{Key: "max_services_small_team", Default: 3, Integer: true, Doc: "deployable services a small team or a modest load justifies before it counts as over-engineered",
		ptrI: func(t *Thresholds) *int { return &t.MaxServicesSmallTeam }},
}

// DefaultThresholds returns every threshold at its default.
func DefaultThresholds() Thresholds {
	var t Thresholds
	for _, s := range ThresholdSpecs {
		s.set(&t, s.Default)
	}
	return t
}

func (s ThresholdSpec) set(t *Thresholds, v float64) {
	if s.ptrF != nil {
		*s.ptrF(t) = v
	}
	if s.ptrI != nil {
		*s.ptrI(t) = int(v)
	}
}

func thresholdSpec(key string) (ThresholdSpec, bool) {
	for _, s := range ThresholdSpecs {
		if s.Key == key {
			return s, true
		}
	}
	return ThresholdSpec{}, false
}

func thresholdKeys() []string {
	out := make([]string, len(ThresholdSpecs))
	for i, s := range ThresholdSpecs {
		out[i] = s.Key
	}
	return out
}
