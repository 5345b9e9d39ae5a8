package rules

import (
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
)

// ModelMismatch fires when the declared data needs (strong consistency,
// relational shape, e-commerce, PCI DSS) meet a system of record that
// cannot give them.
var ModelMismatch = rule.Rule{
	Info: rule.Info{
		ID:        "data/model-mismatch",
		Title:     "Primary datastore does not fit the declared data",
		Criterion: rule.CriterionData,
		Severity:  rule.SeverityError,
		Effort:    rule.EffortHigh,
		Doc: "Orders, payments, stock and ledgers need multi-record transactions and constraints; " +
			"relational data needs joins. A store without them pushes consistency into application " +
			"code, where it breaks under concurrency and is expensive to fix once data is in production.\n\n" +
			"The rule applies when `data.consistency = \"strong\"`, `data.shape = \"relational\"`, " +
			"`project.type = \"ecommerce\"` or `compliance.standards` containing `pci-dss` is declared. It " +
			"reads the system of record the scan decided (`system_of_record` in `stacklint scan --format json`): " +
			"among the production databases that are not only optional dependencies, a relational one whose " +
			"component also holds a schema migrator (Flyway, Liquibase, Alembic, an ORM with migrations) first, " +
			"then a relational one, then the most used. Read models, projections, caches and search indexes " +
			"are never the system of record, so a CQRS read model in a document store is not a mismatch. It " +
			"fires when the system of record is not transactional according to the catalog, or, for a " +
			"relational shape, its data model is not relational.",
		Remediation: "Keep the records that need transactions in a relational database (PostgreSQL, " +
			"MySQL) and use the current store for what it is good at (documents, cache, search), or " +
			"declare the real consistency and shape in the profile if they differ.",
		NeedsProfile: true,
	},
	Check: checkModelMismatch,
}

func checkModelMismatch(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	db, ok := ctx.PrimaryDatabase()
	if !ok {
		return nil
	}
	e, ok := ctx.Entry(db.ID)
	if !ok {
		return nil
	}
	var needs []string
	var refs []rule.ProfileRef
	needTx := false
	if p.Data.Consistency == "strong" {
		needs = append(needs, "strong consistency "+ctx.Cite("data.consistency"))
		refs = append(refs, ctx.Ref("data.consistency"))
		needTx = true
	}
	if p.Project.Type == profile.TypeEcommerce {
		needs = append(needs, "an e-commerce project "+ctx.Cite("project.type"))
		refs = append(refs, ctx.Ref("project.type"))
		needTx = true
	}
	if p.HasStandard("pci-dss") {
		needs = append(needs, "PCI DSS "+ctx.Cite("compliance.standards"))
		refs = append(refs, ctx.Ref("compliance.standards"))
		needTx = true
	}
	relational := p.Data.Shape == "relational"
	if relational {
		needs = append(needs, "relational data "+ctx.Cite("data.shape"))
		refs = append(refs, ctx.Ref("data.shape"))
	}
	var lacks []string
	if needTx && !e.Transactional {
		lacks = append(lacks, "multi-record transactions")
	}
	if relational && e.DataModel != "" && e.DataModel != "relational" {
		lacks = append(lacks, "a relational model (it is "+e.DataModel+")")
	}
	if len(lacks) == 0 {
		return nil
	}
	msg := "The profile declares " + rule.JoinAnd(needs) + ", but the system of record " + techAt(db) +
		recordWhy(ctx) + " lacks " + rule.JoinAnd(lacks) + "."
	brief := "The profile declares " + rule.JoinAnd(needs) + ", but the system of record " + db.Name +
		" lacks " + rule.JoinAnd(lacks) + "."
	return []rule.Finding{{Message: msg, Brief: brief, Technologies: []string{db.ID}, Evidence: rule.TechEvidence(db, 3), Profile: refs, Component: componentOf(db), Subject: db.ID}}
}

// recordWhy says why the resolver chose the system of record, set off by
// commas (", the only database,"); empty when the stack carries no reason.
func recordWhy(ctx *rule.Context) string {
	if ctx.Stack == nil {
		return ""
	}
	if d, ok := ctx.Stack.Record(); ok && d.Reason != "" {
		return ", " + d.Reason + ","
	}
	return ""
}
