package rules

import (
	"github.com/stacklint/stacklint/internal/profile"
	"github.com/stacklint/stacklint/internal/rule"
)

// ModelMismatch fires when the declared data needs (strong consistency,
// relational shape, e-commerce, PCI DSS) meet a primary store that cannot
// give them.
var ModelMismatch = rule.Rule{
	Info: rule.Info{
		ID:        "data/model-mismatch",
		Title:     "Primary datastore does not fit the declared data",
		Criterion: rule.CriterionData,
		Severity:  rule.SeverityError,
		Doc: "Orders, payments, stock and ledgers need multi-record transactions and constraints; " +
			"relational data needs joins. A store without them pushes consistency into application " +
			"code, where it breaks under concurrency and is expensive to fix once data is in production.\n\n" +
			"The rule applies when `data.consistency = \"strong\"`, `data.shape = \"relational\"`, " +
			"`project.type = \"ecommerce\"` or `compliance.standards` containing `pci-dss` is declared. It " +
			"fires when the primary database (the one used by most components) is not transactional " +
			"according to the catalog, or, for a relational shape, its data model is not relational.",
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
	msg := "The profile declares " + rule.JoinAnd(needs) + ", but the primary database " + techAt(db) +
		" lacks " + rule.JoinAnd(lacks) + "."
	return []rule.Finding{{Message: msg, Evidence: rule.TechEvidence(db, 3), Profile: refs, Component: componentOf(db), Subject: db.ID}}
}
