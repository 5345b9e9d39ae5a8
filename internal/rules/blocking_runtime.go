package rules

import (
	"fmt"
	"strings"

	"github.com/stacklint/stacklint/internal/rule"
	"github.com/stacklint/stacklint/internal/stack"
)

// BlockingRuntime fires when high concurrency is declared and the web
// framework serves one request per worker with no async server or queue.
var BlockingRuntime = rule.Rule{
	Info: rule.Info{
		ID:        "concurrency/blocking-runtime",
		Title:     "Synchronous serving model under high concurrency",
		Criterion: rule.CriterionConcurrency,
		Severity:  rule.SeverityWarning,
		Effort:    rule.EffortMedium,
		Doc: "A synchronous web framework under a worker-per-request server (Flask or Django under " +
			"gunicorn sync workers or uWSGI, and the like) handles as many requests at once as it has " +
			"workers. Requests that wait on the network or the database hold their worker, so many " +
			"concurrent clients queue up and latency climbs.\n\n" +
			"The rule applies when `load.concurrency = \"high\"` or `load.realtime = true` is declared. It " +
			"fires when the primary web framework is synchronous (catalog `concurrency = \"sync\"`) and " +
			"there is neither an async server (uvicorn, hypercorn, daphne, gevent or eventlet workers) " +
			"nor a job queue to move slow work off the request path.",
		Remediation: "Use gevent/eventlet or uvicorn workers, move to an ASGI framework (FastAPI, " +
			"Django async views under uvicorn), or move slow work onto a queue (Celery, RQ, Dramatiq).",
		NeedsProfile: true,
	},
	Uses:  rule.Uses{IDs: concat(syncFrameworks, asyncServers), Categories: jobCategories},
	Check: checkBlockingRuntime,
}

var (
	syncFrameworks  = []string{"flask", "django", "bottle", "pyramid"}
	asyncServers    = []string{"uvicorn", "hypercorn", "daphne", "gevent", "eventlet", "granian"}
	asyncWorkerHint = []string{"gevent", "eventlet", "uvicorn", "asgi", "tornado", "aiohttp"}
)

func checkBlockingRuntime(ctx *rule.Context) []rule.Finding {
	p := ctx.P()
	var refs []rule.ProfileRef
	var why string
	switch {
	case p.Load.Concurrency == "high":
		refs = append(refs, ctx.Ref("load.concurrency"))
		why = "concurrency is declared high " + ctx.Cite("load.concurrency")
	case p.Load.Realtime:
		refs = append(refs, ctx.Ref("load.realtime"))
		why = "realtime traffic is declared " + ctx.Cite("load.realtime")
	default:
		return nil
	}
	fw, ok := ctx.PrimaryFramework()
	if !ok || !isSync(ctx, fw) {
		return nil
	}
	if len(present(ctx, asyncServers)) > 0 || len(ctx.ByCategory(jobCategories...)) > 0 {
		return nil
	}
	var procs []stack.Signal
	for _, f := range ctx.Facts(stack.FactProcess) {
		if f.Attr("role") != "" && f.Attr("role") != "web" {
			continue
		}
		wc := strings.ToLower(f.Attr("worker_class") + " " + f.Attr("server") + " " + f.Attr("command"))
		for _, h := range asyncWorkerHint {
			if strings.Contains(wc, h) {
				return nil
			}
		}
		procs = append(procs, f)
	}
	ev := rule.TechEvidence(fw, 2)
	var msg, brief string
	if len(procs) > 0 {
		f := procs[0]
		server := f.Attr("server")
		if server == "" {
			server = "its server"
		}
		class := f.Attr("worker_class")
		if class == "" {
			class = "sync"
		}
		pe := rule.FactEvidence(f, "process "+f.Attr("command"))
		ev = append([]stack.Evidence{pe}, ev...)
		msg = fmt.Sprintf("%s under %s %s workers (%s `%s`)", fw.Name, server, class, pe, f.Attr("command"))
		if w := f.Attr("workers"); w != "" {
			msg += fmt.Sprintf(" serves %s requests at a time per instance", w)
		} else {
			msg += " serves one request per worker at a time"
		}
	} else {
		msg = fmt.Sprintf("%s (%s) is synchronous: each worker serves one request at a time, and no async "+
			"server or job queue is in the stack", fw.Name, rule.Where(rule.TechEvidence(fw, 2)))
		brief = fw.Name + " is synchronous: each worker serves one request at a time, and no async server or job queue is in the stack; " + why + "."
	}
	msg += "; " + why + "."
	if brief == "" {
		brief = msg // it names the process, not where the framework is: nothing to leave out
	}
	techs := []string{fw.ID}
	if lang, ok := ctx.PrimaryLanguage(); ok {
		// The serving runtime is the framework on its language: an
		// end-of-life Python explained above is this finding's Python.
		techs = append(techs, lang.ID)
	}
	return []rule.Finding{{Message: msg, Brief: brief, Technologies: techs, Evidence: ev, Profile: refs, Component: componentOf(fw), Subject: fw.ID}}
}

func isSync(ctx *rule.Context, t stack.Technology) bool {
	if e, ok := ctx.Entry(t.ID); ok && e.Concurrency != "" {
		return e.Concurrency == "sync"
	}
	return inIDs(syncFrameworks, t.ID)
}
