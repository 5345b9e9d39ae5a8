// Package terraform detects infrastructure as code: Terraform
// configurations (*.tf), Pulumi projects, AWS CDK apps and CloudFormation
// or AWS SAM templates. It reports providers, resource types, registry
// modules and the facts rules read (managed databases and their engines,
// autoscaling, replica counts), without evaluating anything.
package terraform

import (
	"context"
	"errors"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stacklint/stacklint/detectors/serverless"
	"github.com/stacklint/stacklint/internal/detect"
	"github.com/stacklint/stacklint/internal/nesting"
	"github.com/stacklint/stacklint/internal/stack"
)

// Detector reads Terraform configuration files.
var Detector = detect.Detector{
	Name: "terraform",
	Doc: "Reads Terraform configurations (*.tf) with hclsyntax, without evaluating them: tool terraform once per file; " +
		"`required_providers` entries and `provider` blocks as terraform `provider:<name>`; every `resource` as terraform `<type>`; " +
		"registry modules as terraform `module:<namespace>/<name>/<provider>` (local and VCS sources are ignored); " +
		"managed databases, caches, queues and search clusters as managed-service facts with their engine plus a datastore signal " +
		"(RDS, Aurora, Cloud SQL, Azure database servers, ElastiCache, MemoryDB, DynamoDB, DocumentDB, OpenSearch, MSK, Amazon MQ); " +
		"autoscaling groups, Application Auto Scaling, GCE and Azure autoscalers and Cloud Run scaling as autoscaling facts " +
		"(an Application Auto Scaling policy takes min, max and target from the `aws_appautoscaling_target` its `resource_id` references, and a target's target is the `aws_ecs_service` its `resource_id` names, within the same file; attrs resource, policy, scalable_target, service); " +
		"ECS services' desired_count as replicas facts; Lambda function runtimes as runtime signals. Only literal values are read.",
	Files:    []string{"*.tf"},
	Match:    func(p string) bool { return strings.HasSuffix(p, ".tf") },
	Manifest: func(string) bool { return true },
	Detect:   detectTerraform,
}

// maxDiagnostics bounds the parse errors reported for one file.
const maxDiagnostics = 5

func detectTerraform(_ context.Context, in *detect.Input) ([]stack.Signal, error) {
	if err := nesting.Check(in.Data, nesting.HCL); err != nil {
		return nil, err
	}
	file, diags := hclsyntax.ParseConfig(in.Data, in.Path, hcl.InitialPos)
	var errs []error
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if len(errs) == maxDiagnostics {
			break
		}
		line, col := 0, 0
		if d.Subject != nil {
			line, col = d.Subject.Start.Line, d.Subject.Start.Column
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		errs = append(errs, detect.Errorf(line, col, "invalid HCL: %s", msg))
	}
	var body *hclsyntax.Body
	if file != nil {
		body, _ = file.Body.(*hclsyntax.Body)
	}
	if body == nil {
		return nil, errors.Join(errs...)
	}
	w := &tfWalker{}
	line := 1
	if len(body.Blocks) > 0 {
		line = body.Blocks[0].TypeRange.Start.Line
	}
	w.add(stack.Signal{Kind: stack.KindTool, Ecosystem: stack.EcoTool, Name: "terraform", Line: line})
	for _, b := range body.Blocks {
		w.block(b)
	}
	w.appAutoscaling()
	if len(errs) < maxDiagnostics {
		errs = append(errs, w.errs...)
	}
	return w.out, errors.Join(errs...)
}

type tfWalker struct {
	out        []stack.Signal
	errs       []error
	serverless bool
	// Application Auto Scaling, resolved once the file is read: scalable
	// targets and policies by resource name, ECS services' `name` by
	// resource name.
	scalableTargets map[string]*hclsyntax.Body
	scalingPolicies []scalingPolicy
	ecsServices     map[string]string
}

// scalingPolicy is an aws_appautoscaling_policy waiting for its target.
type scalingPolicy struct {
	name string
	body *hclsyntax.Body
	line int
}

func (w *tfWalker) add(s stack.Signal) { w.out = append(w.out, s) }

func (w *tfWalker) block(b *hclsyntax.Block) {
	line := b.TypeRange.Start.Line
	switch b.Type {
	case "terraform":
		for _, rp := range b.Body.Blocks {
			if rp.Type == "required_providers" {
				w.requiredProviders(rp.Body)
			}
		}
	case "provider":
		if len(b.Labels) == 1 && b.Labels[0] != "" {
			w.add(stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoTerraform, Name: "provider:" + b.Labels[0], Line: line})
		}
	case "module":
		src, _, ok := literal(b.Body, "source")
		if !ok {
			return
		}
		name, ok := registrySource(src)
		if !ok {
			return
		}
		ver, _, _ := literal(b.Body, "version")
		w.add(stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoTerraform, Name: "module:" + name, Version: ver, Line: line, Attrs: labelAttrs(b, 0)})
	case "resource":
		if len(b.Labels) != 2 || b.Labels[0] == "" {
			w.errs = append(w.errs, detect.Errorf(line, b.TypeRange.Start.Column, "expected a resource block with a type and a name: resource \"<type>\" \"<name>\" {"))
			return
		}
		w.add(stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoTerraform, Name: b.Labels[0], Line: line, Attrs: map[string]string{"name": b.Labels[1]}})
		w.resource(b.Labels[0], b.Labels[1], b.Body, line)
	}
}

func labelAttrs(b *hclsyntax.Block, i int) map[string]string {
	if i < len(b.Labels) {
		return map[string]string{"name": b.Labels[i]}
	}
	return nil
}

// requiredProviders reads `aws = { source = "hashicorp/aws", version = "~> 5.0" }`
// and the older `aws = "~> 2.0"`.
func (w *tfWalker) requiredProviders(body *hclsyntax.Body) {
	for _, a := range sortedAttrs(body) {
		s := stack.Signal{Kind: stack.KindResource, Ecosystem: stack.EcoTerraform, Name: "provider:" + a.Name, Line: a.SrcRange.Start.Line}
		switch e := a.Expr.(type) {
		case *hclsyntax.ObjectConsExpr:
			for _, it := range e.Items {
				k := objectKey(it.KeyExpr)
				v, ok := exprString(it.ValueExpr)
				if !ok {
					continue
				}
				switch k {
				case "version":
					s.Version = v
				case "source":
					s.Attrs = map[string]string{"source": v}
				}
			}
		default:
			if v, ok := exprString(a.Expr); ok {
				s.Version = v
			}
		}
		w.add(s)
	}
}

// sortedAttrs returns a body's attributes in source order.
func sortedAttrs(body *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && before(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func before(a, b *hclsyntax.Attribute) bool {
	return a.SrcRange.Start.Byte < b.SrcRange.Start.Byte
}

func objectKey(e hclsyntax.Expression) string {
	if k := hcl.ExprAsKeyword(e); k != "" {
		return k
	}
	s, _ := exprString(e)
	return s
}

// registrySource returns a Terraform Registry module address without its
// sub-directory and query, or false for local, VCS, archive and bucket
// sources.
func registrySource(src string) (string, bool) {
	src = strings.TrimSpace(src)
	if src == "" || strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/") ||
		strings.Contains(src, "::") || strings.Contains(src, "://") || strings.HasPrefix(src, "git@") ||
		strings.HasPrefix(src, "github.com/") || strings.HasPrefix(src, "bitbucket.org/") {
		return "", false
	}
	if i := strings.Index(src, "//"); i >= 0 {
		src = src[:i]
	}
	if i := strings.IndexByte(src, '?'); i >= 0 {
		src = src[:i]
	}
	parts := strings.Split(src, "/")
	for _, p := range parts {
		if p == "" {
			return "", false
		}
	}
	switch {
	case len(parts) == 3 && !strings.Contains(parts[0], "."):
		return src, true
	case len(parts) == 4 && strings.Contains(parts[0], "."):
		return src, true
	}
	return "", false
}

// managed describes a managed data or messaging service resource type.
type managed struct {
	engine    string // fixed engine, when the type implies one
	attr      string // attribute naming the engine
	versionAt string // attribute holding the engine version
	datastore bool   // emit the engine as a datastore signal
}

var managedTypes = map[string]managed{
	"aws_db_instance":                    {attr: "engine", versionAt: "engine_version", datastore: true},
	"aws_rds_cluster":                    {attr: "engine", versionAt: "engine_version", datastore: true},
	"google_sql_database_instance":       {attr: "database_version", datastore: true},
	"azurerm_postgresql_flexible_server": {engine: "postgresql", versionAt: "version", datastore: true},
	"azurerm_postgresql_server":          {engine: "postgresql", versionAt: "version", datastore: true},
	"azurerm_mysql_flexible_server":      {engine: "mysql", versionAt: "version", datastore: true},
	"azurerm_mysql_server":               {engine: "mysql", versionAt: "version", datastore: true},
	"azurerm_mariadb_server":             {engine: "mariadb", versionAt: "version", datastore: true},
	"azurerm_mssql_server":               {engine: "sqlserver", versionAt: "version", datastore: true},
	"azurerm_sql_server":                 {engine: "sqlserver", versionAt: "version", datastore: true},
	"azurerm_cosmosdb_account":           {attr: "kind", datastore: true},
	"azurerm_redis_cache":                {engine: "redis", versionAt: "redis_version", datastore: true},
	"google_redis_instance":              {engine: "redis", versionAt: "redis_version", datastore: true},
	"google_memcache_instance":           {engine: "memcached", versionAt: "memcache_version", datastore: true},
	"aws_elasticache_cluster":            {attr: "engine", versionAt: "engine_version", datastore: true},
	"aws_elasticache_replication_group":  {engine: "redis", attr: "engine", versionAt: "engine_version", datastore: true},
	"aws_elasticache_serverless_cache":   {attr: "engine", versionAt: "major_engine_version", datastore: true},
	"aws_memorydb_cluster":               {engine: "redis", attr: "engine", versionAt: "engine_version", datastore: true},
	"aws_dynamodb_table":                 {engine: "dynamodb", datastore: true},
	"aws_docdb_cluster":                  {engine: "mongodb", versionAt: "engine_version", datastore: true},
	"aws_opensearch_domain":              {engine: "opensearch", attr: "engine_version", datastore: true},
	"aws_elasticsearch_domain":           {engine: "elasticsearch", versionAt: "elasticsearch_version", datastore: true},
	"aws_msk_cluster":                    {engine: "kafka", versionAt: "kafka_version"},
	"aws_msk_serverless_cluster":         {engine: "kafka"},
	"aws_mq_broker":                      {attr: "engine_type", versionAt: "engine_version"},
}

// EngineID maps an engine name as written in cloud configuration
// ("postgres", "aurora-postgresql", "POSTGRES_15", "sqlserver-ex",
// "OpenSearch_2.11", "MongoDB", "RabbitMQ") to a catalog id and the version
// the name carries, or "" when it is not known.
func EngineID(engine string) (id, version string) {
	e := strings.ToLower(strings.TrimSpace(engine))
	// Cloud SQL: POSTGRES_15, MYSQL_8_0, SQLSERVER_2019_STANDARD.
	for _, p := range []struct{ prefix, id string }{{"postgres_", "postgresql"}, {"mysql_", "mysql"}, {"sqlserver_", "sqlserver"}} {
		if rest, ok := strings.CutPrefix(e, p.prefix); ok {
			parts := strings.Split(rest, "_")
			n := 0
			for n < len(parts) && isDigits(parts[n]) {
				n++
			}
			return p.id, strings.Join(parts[:n], ".")
		}
	}
	// OpenSearch domains: OpenSearch_2.11, Elasticsearch_7.10.
	if rest, ok := strings.CutPrefix(e, "opensearch_"); ok {
		return "opensearch", rest
	}
	if rest, ok := strings.CutPrefix(e, "elasticsearch_"); ok {
		return "elasticsearch", rest
	}
	switch {
	case e == "postgres" || e == "postgresql" || e == "aurora-postgresql":
		return "postgresql", ""
	case e == "mysql" || e == "aurora-mysql" || e == "aurora":
		return "mysql", ""
	case e == "mariadb":
		return "mariadb", ""
	case strings.HasPrefix(e, "oracle"):
		return "oracle", ""
	case strings.HasPrefix(e, "sqlserver"):
		return "sqlserver", ""
	case e == "redis" || e == "memcached" || e == "valkey" || e == "mongodb" || e == "dynamodb" ||
		e == "kafka" || e == "opensearch" || e == "elasticsearch" || e == "rabbitmq" || e == "activemq":
		return e, ""
	case e == "docdb" || e == "documentdb":
		return "mongodb", ""
	case e == "globaldocumentdb" || e == "parse":
		return "cosmosdb", ""
	}
	return "", ""
}

// isDatastoreEngine reports whether an engine id is a datastore (not a broker).
func isDatastoreEngine(id string) bool {
	switch id {
	case "kafka", "rabbitmq", "activemq", "":
		return false
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func provider(typ string) string {
	if i := strings.IndexByte(typ, '_'); i > 0 {
		return typ[:i]
	}
	return typ
}

func (w *tfWalker) resource(typ, name string, body *hclsyntax.Body, line int) {
	if m, ok := managedTypes[typ]; ok {
		w.managed(typ, name, body, line, m)
	}
	switch typ {
	case "aws_autoscaling_group":
		w.autoscaling("asg", name, line, body, "min_size", "max_size", "desired_capacity")
	case "aws_appautoscaling_target":
		if w.scalableTargets == nil {
			w.scalableTargets = map[string]*hclsyntax.Body{}
		}
		w.scalableTargets[name] = body
		attrs := w.autoscaling("app-autoscaling", name, line, body, "min_capacity", "max_capacity", "")
		attrs["resource"] = "aws_appautoscaling_target." + name
	case "aws_appautoscaling_policy":
		w.scalingPolicies = append(w.scalingPolicies, scalingPolicy{name: name, body: body, line: line})
	case "google_compute_autoscaler", "google_compute_region_autoscaler":
		w.autoscaling("gce-autoscaler", name, line, child(body, "autoscaling_policy"), "min_replicas", "max_replicas", "")
	case "azurerm_monitor_autoscale_setting":
		w.autoscaling("azure-autoscale", name, line, child(child(body, "profile"), "capacity"), "minimum", "maximum", "default")
	case "google_cloud_run_v2_service":
		scaling := child(child(body, "template"), "scaling")
		if scaling == nil {
			scaling = child(body, "scaling")
		}
		w.autoscaling("cloud-run", name, line, scaling, "min_instance_count", "max_instance_count", "")
	case "google_cloud_run_service":
		w.autoscaling("cloud-run", name, line, nil, "", "", "")
	case "aws_ecs_service":
		if w.ecsServices == nil {
			w.ecsServices = map[string]string{}
		}
		w.ecsServices[name], _, _ = literal(body, "name")
		attrs := map[string]string{"workload": name, "source": "ecs"}
		if v, _, ok := literal(body, "desired_count"); ok {
			attrs["count"] = v
		} else if _, present := body.Attributes["desired_count"]; !present {
			return
		}
		w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactReplicas, Line: line, Attrs: attrs})
	case "aws_lambda_function":
		if rt, l, ok := literal(body, "runtime"); ok {
			if n, v, ok := serverless.LambdaRuntime(rt); ok {
				w.add(stack.Signal{Kind: stack.KindRuntime, Ecosystem: stack.EcoRuntime, Name: n, Version: v, Line: l})
			}
		}
		if !w.serverless {
			w.serverless = true
			w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: map[string]string{"kind": "serverless", "target": name}})
		}
	}
}

func (w *tfWalker) managed(typ, name string, body *hclsyntax.Body, line int, m managed) {
	engine := m.engine
	version := ""
	engineLine := line
	if m.attr != "" {
		if v, l, ok := literal(body, m.attr); ok {
			engineLine = l
			switch typ {
			case "azurerm_cosmosdb_account":
				if strings.EqualFold(v, "MongoDB") {
					engine = "mongodb"
				} else {
					engine = "cosmosdb"
				}
			case "aws_opensearch_domain":
				engine, version = EngineID(v)
			default:
				engine, version = EngineID(v)
				if engine == "" {
					engine = strings.ToLower(v)
				}
			}
		} else if typ == "azurerm_cosmosdb_account" {
			engine = "cosmosdb"
		}
	}
	if m.versionAt != "" {
		if v, _, ok := literal(body, m.versionAt); ok {
			version = v
		}
	}
	attrs := map[string]string{"resource": typ, "name": name, "provider": provider(typ)}
	if engine != "" {
		attrs["engine"] = engine
	}
	if version != "" {
		attrs["version"] = version
	}
	w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactManagedService, Line: line, Attrs: attrs})
	if id, _ := EngineID(engine); m.datastore && isDatastoreEngine(id) {
		w.add(stack.Signal{Kind: stack.KindDatastore, Ecosystem: stack.EcoDatastore, Name: id, Version: version, Line: engineLine,
			Attrs: map[string]string{"resource": typ + "." + name}})
	}
}

// appAutoscaling completes the Application Auto Scaling facts once the
// whole file is read (Terraform does not care about block order). A
// scalable target's `resource_id` naming an ECS service
// (`aws_ecs_service.api.name`, or a literal "service/<cluster>/<name>"
// matching a service's `name`) makes that service's resource name the
// fact's target, the workload its replicas fact names. A policy's
// `resource_id`, `scalable_dimension` or `service_namespace` referencing
// `aws_appautoscaling_target.<name>` gives it that target's min and max
// and the same target; the policy's own name goes to attr `policy`.
// Only the same file is searched: a detector reads one file, and the
// reader cannot list a module's other files.
func (w *tfWalker) appAutoscaling() {
	targetOf := map[string]string{} // scalable target name -> ECS service resource name
	for i := range w.out {
		s := &w.out[i]
		if s.Kind != stack.KindFact || s.Name != stack.FactAutoscaling || s.Attr("kind") != "app-autoscaling" {
			continue
		}
		name, ok := strings.CutPrefix(s.Attr("resource"), "aws_appautoscaling_target.")
		if !ok {
			continue
		}
		if svc := w.ecsServiceOf(w.scalableTargets[name]); svc != "" {
			s.Attrs["target"] = svc
			s.Attrs["service"] = svc
			targetOf[name] = svc
		}
	}
	for _, p := range w.scalingPolicies {
		attrs := map[string]string{"kind": "app-autoscaling", "target": p.name, "resource": "aws_appautoscaling_policy." + p.name, "policy": p.name}
		t := ""
		for _, at := range []string{"resource_id", "scalable_dimension", "service_namespace"} {
			if t = referenced(p.body, at, "aws_appautoscaling_target"); t != "" {
				break
			}
		}
		if t != "" {
			attrs["scalable_target"] = t
			attrs["target"] = t
			if body, ok := w.scalableTargets[t]; ok {
				for k, at := range map[string]string{"min": "min_capacity", "max": "max_capacity"} {
					if v, _, ok := literal(body, at); ok {
						attrs[k] = v
					}
				}
				if svc := targetOf[t]; svc != "" {
					attrs["target"] = svc
					attrs["service"] = svc
				}
			}
		} else if svc := w.ecsServiceOf(p.body); svc != "" {
			attrs["target"] = svc
			attrs["service"] = svc
		}
		w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: p.line, Attrs: attrs})
	}
}

// ecsServiceOf returns the resource name of the ECS service a body's
// resource_id names, or "".
func (w *tfWalker) ecsServiceOf(body *hclsyntax.Body) string {
	if body == nil {
		return ""
	}
	if svc := referenced(body, "resource_id", "aws_ecs_service"); svc != "" {
		return svc
	}
	id, _, ok := literal(body, "resource_id")
	if !ok {
		return ""
	}
	parts := strings.Split(id, "/")
	if len(parts) != 3 || parts[0] != "service" || parts[2] == "" {
		return ""
	}
	match := ""
	for res, n := range w.ecsServices {
		if n == parts[2] && (match == "" || res < match) {
			match = res
		}
	}
	if match != "" {
		return match
	}
	if _, ok := w.ecsServices[parts[2]]; ok {
		return parts[2]
	}
	return ""
}

// referenced returns the name of the first `<typ>.<name>` resource an
// attribute's expression references, or "".
func referenced(body *hclsyntax.Body, attr, typ string) string {
	if body == nil {
		return ""
	}
	a, ok := body.Attributes[attr]
	if !ok {
		return ""
	}
	for _, tr := range a.Expr.Variables() {
		if len(tr) < 2 || tr.RootName() != typ {
			continue
		}
		if step, ok := tr[1].(hcl.TraverseAttr); ok && step.Name != "" {
			return step.Name
		}
	}
	return ""
}

func (w *tfWalker) autoscaling(kind, name string, line int, body *hclsyntax.Body, minAt, maxAt, desiredAt string) map[string]string {
	attrs := map[string]string{"kind": kind, "target": name}
	for k, at := range map[string]string{"min": minAt, "max": maxAt, "desired": desiredAt} {
		if at == "" || body == nil {
			continue
		}
		if v, _, ok := literal(body, at); ok {
			attrs[k] = v
		}
	}
	w.add(stack.Signal{Kind: stack.KindFact, Name: stack.FactAutoscaling, Line: line, Attrs: attrs})
	return attrs
}

// child returns the body of the first nested block of the given type.
func child(body *hclsyntax.Body, typ string) *hclsyntax.Body {
	if body == nil {
		return nil
	}
	for _, b := range body.Blocks {
		if b.Type == typ {
			return b.Body
		}
	}
	return nil
}

// literal returns an attribute's literal value as text and its line; false
// when the attribute is absent or not a literal (variables, functions...).
func literal(body *hclsyntax.Body, name string) (string, int, bool) {
	if body == nil {
		return "", 0, false
	}
	a, ok := body.Attributes[name]
	if !ok {
		return "", 0, false
	}
	v, ok := exprString(a.Expr)
	return v, a.SrcRange.Start.Line, ok
}

// exprString evaluates a literal expression without any context.
func exprString(e hclsyntax.Expression) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	switch e.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
	default:
		return "", false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	}
	return "", false
}
