package goclient

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/apigen-dev/apigen/generator/model"
)

// runtimeFile emits New and its options, the vendor's Policy (what the
// overlays said about errors, retries, rate limits and size limits), and the
// aliases that make the runtime's types read as this package's own.
func runtimeFile(f *jen.File, api *model.API) {
	aliases(f, api)
	settings(f, api)
	constructor(f, api)
	policyVar(f, api)
	if api.Runtime.Errors.Warnings != nil {
		f.Comment("Warnings returns the non-fatal warnings a successful response body")
		f.Comment("carries; the call itself succeeded.")
		f.Func().Id("Warnings").Params(jen.Id("body").Index().Byte()).Index().Id("Warning").Block(
			jen.Return(jen.Id("policy").Dot("Warnings").Call(jen.Id("body"))))
	}
	if len(api.Runtime.RateLimit) > 0 {
		f.Comment("RateLimitOf reads the rate-limit headers of a response, for example")
		f.Comment("resp.HTTPResponse of any call's result.")
		f.Func().Id("RateLimitOf").Params(jen.Id("resp").Op("*").Qual("net/http", "Response")).Id("RateLimit").Block(
			jen.Return(jen.Id("policy").Dot("ParseRateLimit").Call(jen.Id("resp"))))
	}
}

func aliases(f *jen.File, api *model.API) {
	type alias struct{ name, doc string }
	list := []alias{
		{"APIError", "APIError is every error answer of the API; use errors.As to get it."},
		{"RateLimitError", "RateLimitError is returned when the API asks for a longer pause than the retry policy allows."},
		{"RetryPolicy", "RetryPolicy tunes retries; the zero value means the defaults."},
	}
	if api.Runtime.Errors.Warnings != nil {
		list = append(list, alias{"Warning", "Warning is a non-fatal problem reported by a successful call."})
	}
	if len(api.Runtime.RateLimit) > 0 {
		list = append(list, alias{"RateLimit", "RateLimit is what a response said about the rate limits."})
	}
	for _, a := range list {
		f.Comment(a.doc)
		f.Type().Id(a.name).Op("=").Qual(rtPkg, a.name)
	}
}

func settings(f *jen.File, api *model.API) {
	f.Comment("Option configures New.")
	f.Type().Id("Option").Func().Params(jen.Op("*").Id("settings"))
	f.Type().Id("settings").Struct(
		jen.Id("server").String(),
		jen.Id("creds").Id("Credentials"),
		jen.Id("retry").Qual(rtPkg, "RetryPolicy"),
		jen.Id("doer").Id("HttpRequestDoer"),
		jen.Id("opts").Index().Id("ClientOption"),
	)
	option := func(name, doc string, params []jen.Code, body ...jen.Code) {
		for _, line := range strings.Split(doc, "\n") {
			f.Comment(line)
		}
		f.Func().Id(name).Params(params...).Id("Option").Block(
			jen.Return(jen.Func().Params(jen.Id("s").Op("*").Id("settings")).Block(body...)))
	}
	option("WithServer", "WithServer sends requests to url: one of the Server constants, or any base URL (a test server).",
		[]jen.Code{jen.Id("url").String()}, jen.Id("s").Dot("server").Op("=").Id("url"))
	option("WithCredentials", "WithCredentials sets all credentials at once.",
		[]jen.Code{jen.Id("c").Id("Credentials")}, jen.Id("s").Dot("creds").Op("=").Id("c"))
	option("WithRetry", "WithRetry replaces the retry policy; RetryPolicy{MaxAttempts: 1} turns retries off.",
		[]jen.Code{jen.Id("p").Id("RetryPolicy")}, jen.Id("s").Dot("retry").Op("=").Id("p"))
	option("WithDoer", "WithDoer sends through d instead of a new http.Client. An *http.Client keeps its\n"+
		"settings; apigen only adds a redirect check that drops credentials on the way to another host.",
		[]jen.Code{jen.Id("d").Id("HttpRequestDoer")}, jen.Id("s").Dot("doer").Op("=").Id("d"))
	option("WithClientOptions", "WithClientOptions passes options to the underlying generated client, such as\nWithRequestEditorFn.",
		[]jen.Code{jen.Id("opts").Op("...").Id("ClientOption")},
		jen.Id("s").Dot("opts").Op("=").Append(jen.Id("s").Dot("opts"), jen.Id("opts").Op("...")))
}

func constructor(f *jen.File, api *model.API) {
	server := jen.Lit("")
	if len(api.Servers) > 0 {
		server = jen.Id("DefaultServer")
	}
	f.Comment(fmt.Sprintf("New returns a client for the %s: credentials go only to the", api.Title))
	f.Comment("configured server, error answers come back as *APIError, and the")
	f.Comment("vendor's retryable answers are retried with backoff.")
	f.Func().Id("New").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("ClientWithResponses"), jen.Error()).Block(
		jen.Id("s").Op(":=").Id("settings").Values(jen.Dict{jen.Id("server"): server}),
		jen.For(jen.List(jen.Id("_"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(jen.Id("o").Call(jen.Op("&").Id("s"))),
		jen.List(jen.Id("d"), jen.Err()).Op(":=").Qual(rtPkg, "NewDoer").Call(
			jen.Id("policy"), jen.Id("s").Dot("server"), jen.Id("s").Dot("creds").Dot("auth").Call(), jen.Id("s").Dot("retry"), jen.Id("s").Dot("doer")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("NewClientWithResponses").Call(jen.Id("s").Dot("server"),
			jen.Append(jen.Index().Id("ClientOption").Values(jen.Id("WithHTTPClient").Call(jen.Id("d"))), jen.Id("s").Dot("opts").Op("...")).Op("..."))),
	)
}

// policyVar emits the vendor's Policy. It is built once and never changed.
func policyVar(f *jen.File, api *model.API) {
	rt := api.Runtime
	errs := jen.Dict{
		jen.Id("Code"): strs(rt.Errors.Code), jen.Id("Type"): strs(rt.Errors.Type), jen.Id("Message"): strs(rt.Errors.Message),
	}
	if len(rt.Errors.Reason) > 0 {
		errs[jen.Id("Reason")] = strs(rt.Errors.Reason)
	}
	if len(rt.Errors.Failure) > 0 {
		var ms []jen.Code
		for _, m := range rt.Errors.Failure {
			ms = append(ms, jen.Values(jen.Dict{jen.Id("Path"): jen.Lit(m.Path), jen.Id("Equals"): literal(m.Equals)}))
		}
		errs[jen.Id("Failure")] = jen.Index().Qual(rtPkg, "Match").Values(ms...)
	}
	if w := rt.Errors.Warnings; w != nil {
		errs[jen.Id("Warnings")] = jen.Op("&").Qual(rtPkg, "WarningShape").Values(jen.Dict{
			jen.Id("Path"): jen.Lit(w.Path), jen.Id("Type"): jen.Lit(w.Type), jen.Id("Code"): jen.Lit(w.Code)})
	}
	retry := jen.Dict{jen.Id("RetryAfter"): jen.Lit(rt.Retry.RetryAfter)}
	var codes []jen.Code
	for _, c := range rt.Retry.StatusCodes() {
		codes = append(codes, jen.Lit(c))
	}
	retry[jen.Id("Statuses")] = jen.Index().Int().Values(codes...)
	if rt.Retry.Pause != "" {
		retry[jen.Id("Pause")] = jen.Qual("regexp", "MustCompile").Call(jen.Lit(rt.Retry.Pause))
	}
	var windows []jen.Code
	for _, w := range rt.RateLimit {
		windows = append(windows, jen.Values(jen.Dict{jen.Id("Name"): jen.Lit(w.Window), jen.Id("Limit"): jen.Lit(w.Limit), jen.Id("Remaining"): jen.Lit(w.Remaining)}))
	}
	f.Comment("policy is what the overlays say about the API at run time.")
	f.Var().Id("policy").Op("=").Op("&").Qual(rtPkg, "Policy").Values(jen.Dict{
		jen.Id("Vendor"):         jen.Lit(api.Name),
		jen.Id("Errors"):         jen.Qual(rtPkg, "ErrorShape").Values(errs),
		jen.Id("Retry"):          jen.Qual(rtPkg, "RetryRules").Values(retry),
		jen.Id("RateLimit"):      jen.Index().Qual(rtPkg, "Window").Values(windows...),
		jen.Id("MaxBodyBytes"):   jen.Lit(rt.Limits.MaxBodyBytes),
		jen.Id("MaxHeaderBytes"): jen.Lit(rt.Limits.MaxHeaderBytes),
	})
}

func strs(list []string) jen.Code {
	var vals []jen.Code
	for _, s := range list {
		vals = append(vals, jen.Lit(s))
	}
	return jen.Index().String().Values(vals...)
}

// literal prints a decoded JSON scalar as a Go literal; integral numbers
// become ints so they compare by value with decoded JSON.
func literal(v any) jen.Code {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return jen.Lit(int(f))
	}
	if v == nil {
		return jen.Nil()
	}
	return jen.Lit(v)
}
