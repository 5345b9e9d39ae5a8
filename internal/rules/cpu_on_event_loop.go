package rules

import (
	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// CPUOnEventLoop fires when CPU-bound work runs on Node's single event loop
// with no worker pool or job queue.
var CPUOnEventLoop = rule.Rule{
	Info: rule.Info{
		ID:        "concurrency/cpu-on-event-loop",
		Title:     "CPU-bound work on Node's event loop",
		Criterion: rule.CriterionConcurrency,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "Node.js runs JavaScript on one thread. Image or video processing, ML inference, heavy " +
			"crypto or compression on that thread blocks every other request until it finishes.\n\n" +
			"The rule applies to services whose primary language is Node.js/TypeScript. It fires when " +
			"`load.cpu_heavy = true` is declared or CPU-heavy packages are present (catalog " +
			"`cpu_heavy = true` or category `cpu-bound`: sharp, jimp, tensorflow, ffmpeg bindings...), " +
			"and there is no worker pool (worker_threads pools such as piscina or workerpool) and no " +
			"job queue (BullMQ, a message broker) to run that work elsewhere.",
		Remediation: "Run CPU-bound work in a worker pool (piscina, workerpool) or on a job queue " +
			"(BullMQ, a broker with separate workers), or move it to a service in a language suited to it.",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: concat(nodeRuntimes, workerPools), Categories: concat(jobCategories, []string{"cpu-bound"})},
	Check: checkCPUOnEventLoop,
}

var (
	nodeRuntimes = []string{"nodejs", "typescript", "javascript", "deno", "bun"}
	// jobCategories run work outside the request: job queues and brokers.
	jobCategories = []string{"queue", "background-jobs"}
	workerPools   = []string{"piscina", "workerpool", "threads", "tinypool", "node-worker-threads-pool", "bullmq", "bull", "bee-queue", "agenda", "graphile-worker", "pg-boss"}
)

func checkCPUOnEventLoop(ctx *rule.Context) []rule.Finding {
	lang, ok := ctx.PrimaryLanguage()
	if !ok || !inIDs(nodeRuntimes, lang.ID) {
		return nil
	}
	var heavy []stack.Technology
	for _, t := range ctx.Production() {
		if e, ok := ctx.Entry(t.ID); (ok && e.CPUHeavy) || t.Category == "cpu-bound" {
			heavy = append(heavy, t)
		}
	}
	p := ctx.P()
	if len(heavy) == 0 && !p.Load.CPUHeavy {
		return nil
	}
	if len(present(ctx, workerPools, jobCategories...)) > 0 {
		return nil
	}
	var msg string
	var refs []rule.ProfileRef
	switch {
	case len(heavy) > 0 && p.Load.CPUHeavy:
		msg = "CPU-heavy work is declared " + ctx.Cite("load.cpu_heavy") + " and " + rule.Names(heavy) +
			" (" + rule.Where(evidenceOf(heavy, 1)) + ") " + do(heavy) + " CPU-bound work"
		refs = append(refs, ctx.Ref("load.cpu_heavy"))
	case len(heavy) > 0:
		msg = rule.Names(heavy) + " (" + rule.Where(evidenceOf(heavy, 1)) + ") " + do(heavy) + " CPU-bound work"
	default:
		msg = "CPU-heavy work is declared " + ctx.Cite("load.cpu_heavy")
		refs = append(refs, ctx.Ref("load.cpu_heavy"))
	}
	msg += " on " + lang.Name + "'s single event loop (" + rule.Where(rule.TechEvidence(lang, 1)) +
		"), with no worker pool or job queue to run it off the request path."
	ev := evidenceOf(heavy, 2)
	if len(ev) == 0 {
		ev = rule.TechEvidence(lang, 1)
	}
	subject := "declared"
	if len(heavy) > 0 {
		subject = heavy[0].ID
	}
	return []rule.Finding{{Message: msg, Evidence: ev, Profile: refs, Subject: subject}}
}

func do(ts []stack.Technology) string {
	if len(ts) == 1 {
		return "does"
	}
	return "do"
}
