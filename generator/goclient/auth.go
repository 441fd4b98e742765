package goclient

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/apigen-dev/apigen/generator/model"
)

const rtPkg = "github.com/apigen-dev/apigen/apiruntime"

// authFile emits Credentials, one With... option per credential group,
// FromEnv, and the table that tells the runtime where each credential goes.
func authFile(f *jen.File, api *model.API) {
	rt := api.Runtime
	var fields []jen.Code
	seen := map[string]bool{}
	for _, s := range rt.Schemes {
		if seen[s.Field] { // schemes may share a credential (one token, two headers)
			continue
		}
		seen[s.Field] = true
		doc := fmt.Sprintf("%s is sent %s.", s.Field, where(s))
		if s.Env != "" {
			doc += fmt.Sprintf(" FromEnv reads it from %s.", s.Env)
		}
		fields = append(fields, jen.Comment(model.OneLine(doc)), jen.Id(s.Field).String())
	}
	f.Comment("Credentials are the secrets the API's security schemes take. Set the")
	f.Comment("fields of one requirement; " + requirementsDoc(api) + ".")
	f.Comment("Printing Credentials never shows a secret.")
	f.Type().Id(api.Names.Credentials).Struct(fields...)

	redacted := jen.Lit(api.Package + "." + api.Names.Credentials + "{[REDACTED]}")
	f.Comment("String keeps secrets out of logs and %v.")
	f.Func().Params(jen.Id(api.Names.Credentials)).Id("String").Params().String().Block(jen.Return(redacted))
	f.Comment("GoString keeps secrets out of %#v.")
	f.Func().Params(jen.Id(api.Names.Credentials)).Id("GoString").Params().String().Block(jen.Return(redacted))

	for _, o := range rt.Options {
		authOption(f, o, api.Names.Option)
	}
	fromEnv(f, api)
	authTable(f, api)
}

func where(s model.Scheme) string {
	switch s.In {
	case "bearer":
		return "as the bearer token of the Authorization header"
	case "basic":
		return `as HTTP basic authentication; set it to "user:password"`
	case "cookie":
		return fmt.Sprintf("as the cookie %s", s.Param)
	case "query":
		return fmt.Sprintf("as the query parameter %s", s.Param)
	}
	return fmt.Sprintf("in the header %s", s.Param)
}

// requirementsDoc says which credentials satisfy the API, e.g.
// "the API accepts APIToken, or AccessToken".
func requirementsDoc(api *model.API) string {
	field := map[string]string{}
	for _, s := range api.Runtime.Schemes {
		field[s.Name] = s.Field
	}
	var alts []string
	for _, req := range api.Runtime.Requirements {
		var names []string
		for _, n := range req {
			names = append(names, field[n])
		}
		if alt := strings.Join(names, " with "); !slices.Contains(alts, alt) {
			alts = append(alts, alt)
		}
	}
	if len(alts) == 0 {
		return "the spec requires none"
	}
	return "the API accepts " + strings.Join(alts, ", or ") + " (the first that is complete is sent)"
}

// paramName lower-cases a field's leading initialism for a parameter name:
// APIToken → apiToken, LegacyUUID → legacyUUID, UUID → uuid.
func paramName(field string) string {
	p := strings.ToLower(field)
	for i, r := range field {
		if i > 0 && r >= 'a' && r <= 'z' {
			cut := max(1, i-1)
			p = strings.ToLower(field[:cut]) + field[cut:]
			break
		}
	}
	if token.IsKeyword(p) {
		p += "Value"
	}
	return p
}

func authOption(f *jen.File, o model.AuthOption, option string) {
	var params []jen.Code
	var sets []jen.Code
	for _, field := range o.Fields {
		p := paramName(field)
		params = append(params, jen.Id(p).String())
		sets = append(sets, jen.Id("s").Dot("creds").Dot(field).Op("=").Id(p))
	}
	f.Comment(fmt.Sprintf("%s sets %s.", o.GoName, strings.Join(o.Fields, " and ")))
	f.Func().Id(o.GoName).Params(params...).Id(option).Block(
		jen.Return(jen.Func().Params(jen.Id("s").Op("*").Id("settings")).Block(sets...)),
	)
}

func fromEnv(f *jen.File, api *model.API) {
	rt := api.Runtime
	// <NAME>_BASE_URL points a client at another server (a test double, a
	// proxy) without code changes; the cURL samples read the same variable.
	baseURL := api.BaseURLEnv
	reads := []jen.Code{jen.If(jen.Id("v").Op(":=").Qual("os", "Getenv").Call(jen.Lit(baseURL)), jen.Id("v").Op("!=").Lit("")).Block(
		jen.Id("s").Dot("server").Op("=").Id("v"),
	)}
	vars := []string{baseURL}
	for _, s := range rt.Schemes {
		if s.Env == "" || slices.Contains(vars, s.Env) {
			continue
		}
		vars = append(vars, s.Env)
		reads = append(reads, jen.If(jen.Id("v").Op(":=").Qual("os", "Getenv").Call(jen.Lit(s.Env)), jen.Id("v").Op("!=").Lit("")).Block(
			jen.Id("s").Dot("creds").Dot(s.Field).Op("=").Id("v"),
		))
	}
	f.Comment(fmt.Sprintf("%s reads settings from the environment: %s", api.Names.FromEnv, strings.Join(vars, ", ")))
	f.Comment(fmt.Sprintf("(%s replaces the server). Unset variables change nothing.", baseURL))
	f.Func().Id(api.Names.FromEnv).Params().Id(api.Names.Option).Block(
		jen.Return(jen.Func().Params(jen.Id("s").Op("*").Id("settings")).Block(reads...)),
	)
}

// authTable emits Credentials.auth: the requirements and the values by scheme.
func authTable(f *jen.File, api *model.API) {
	rt := api.Runtime
	byName := map[string]model.Scheme{}
	for _, s := range rt.Schemes {
		byName[s.Name] = s
	}
	var reqs []jen.Code
	for _, req := range rt.Requirements {
		var schemes []jen.Code
		for _, n := range req {
			s := byName[n]
			schemes = append(schemes, jen.Values(jen.Dict{
				jen.Id("Name"): jen.Lit(s.Name), jen.Id("In"): jen.Lit(s.In), jen.Id("Param"): jen.Lit(s.Param),
			}))
		}
		reqs = append(reqs, jen.Values(schemes...))
	}
	values := jen.Dict{}
	for _, s := range rt.Schemes {
		values[jen.Lit(s.Name)] = jen.Id("c").Dot(s.Field)
	}
	f.Func().Params(jen.Id("c").Id(api.Names.Credentials)).Id("auth").Params().Op("*").Qual(rtPkg, "Auth").Block(
		jen.Return(jen.Op("&").Qual(rtPkg, "Auth").Values(jen.Dict{
			jen.Id("Requirements"): jen.Index().Index().Qual(rtPkg, "Scheme").Values(reqs...),
			jen.Id("Values"):       jen.Map(jen.String()).String().Values(values),
		})),
	)
}
