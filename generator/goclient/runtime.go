package goclient

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/apigen-dev/apigen/generator/model"
)

// runtimeFile emits the options New takes, the vendor's Policy (what the
// overlays said about errors, retries, rate limits and size limits), and
// what a caller needs from the runtime under this package's own names:
// the error types and ErrLimit for errors.As/Is, the call options, Ptr.
// Nobody imports apiruntime for ordinary work.
func runtimeFile(f *jen.File, api *model.API) {
	aliases(f, api)
	helpers(f, api)
	settings(f, api)
	policyVar(f, api)
	n := api.Names
	if api.Runtime.Errors.Warnings != nil {
		f.Comment(fmt.Sprintf("%s returns the non-fatal warnings a successful answer's body carries", n.Warnings))
		f.Comment(fmt.Sprintf("(%s.Body of a call made with %s); the call itself succeeded.", n.Response, n.Capture))
		f.Func().Id(n.Warnings).Params(jen.Id("body").Index().Byte()).Index().Id(n.Warning).Block(
			jen.Return(jen.Id("policy").Dot("Warnings").Call(jen.Id("body"))))
	}
	if len(api.Runtime.RateLimit) > 0 {
		f.Comment(fmt.Sprintf("%s reads the rate-limit headers of an answer (%s.HTTP of a call made", n.RateLimitOf, n.Response))
		f.Comment(fmt.Sprintf("with %s). %s.%s gives the latest without capturing anything.", n.Capture, n.Client, n.ClientRateLimit))
		f.Func().Id(n.RateLimitOf).Params(jen.Id("resp").Op("*").Qual("net/http", "Response")).Id(n.RateLimit).Block(
			jen.Return(jen.Id("policy").Dot("ParseRateLimit").Call(jen.Id("resp"))))
	}
}

func aliases(f *jen.File, api *model.API) {
	n := api.Names
	type alias struct{ name, target, doc string }
	list := []alias{
		{n.APIError, "APIError", "is every error answer of the API, a 2xx the vendor marks as a failure included; use errors.As to get it."},
		{n.RateLimitError, "RateLimitError", "is returned at once when the API asks for a longer pause than the retry policy or the context's deadline allows."},
		{n.TransportError, "TransportError", "is a request that got no answer: connection refused, a timeout, a cancelled context."},
		{n.DecodeError, "DecodeError", "is a successful answer whose body is not the declared JSON (an HTML page from a proxy); it keeps the status and an excerpt of the body."},
		{n.RetryPolicy, "RetryPolicy", "tunes retries; the zero value means the defaults."},
		{n.CallOption, "CallOption", "changes one call: " + n.Capture + ", " + n.EditRequest + "."},
		{n.Response, "Response", "is a call's raw answer: the *http.Response and the body's bytes. Ask for it with " + n.Capture + "."},
		{n.RequestEditor, "RequestEditor", "changes a request just before it is sent; credentials are added after it, on a copy."},
		{n.HTTPDoer, "HTTPDoer", "sends HTTP requests; *http.Client is one."},
	}
	if api.Runtime.Errors.Warnings != nil {
		list = append(list, alias{n.Warning, "Warning", "is a non-fatal problem reported by a successful call."})
	}
	if len(api.Runtime.RateLimit) > 0 {
		list = append(list, alias{n.RateLimit, "RateLimit", "is what an answer said about the rate limits."})
	}
	for _, a := range list {
		f.Comment(a.name + " " + a.doc)
		f.Type().Id(a.name).Op("=").Qual(rtPkg, a.target)
	}
	f.Comment(fmt.Sprintf("%s is returned (wrapped; use errors.Is) when a request is over the API's size", n.ErrLimit))
	f.Comment("limits and was not sent.")
	f.Var().Id(n.ErrLimit).Op("=").Qual(rtPkg, "ErrLimit")
}

// helpers emits Ptr and the call options.
func helpers(f *jen.File, api *model.API) {
	n := api.Names
	f.Comment(fmt.Sprintf("%s returns a pointer to v, for the optional fields of parameters and bodies:", n.Ptr))
	f.Comment(fmt.Sprintf("%s(10), %s(\"example.com\").", n.Ptr, n.Ptr))
	f.Func().Id(n.Ptr).Types(jen.Id("T").Any()).Params(jen.Id("v").Id("T")).Op("*").Id("T").Block(jen.Return(jen.Op("&").Id("v")))
	f.Comment(fmt.Sprintf("%s fills r with the raw answer of a successful call: status, headers, the", n.Capture))
	f.Comment(fmt.Sprintf("body before the envelope is taken off. An error answer is an *%s instead.", n.APIError))
	f.Func().Id(n.Capture).Params(jen.Id("r").Op("*").Id(n.Response)).Id(n.CallOption).Block(
		jen.Return(jen.Qual(rtPkg, "Capture").Call(jen.Id("r"))))
	f.Comment(fmt.Sprintf("%s changes one call's request before it is sent (a header, a query", n.EditRequest))
	f.Comment(fmt.Sprintf("parameter), after the editors given to %s.", n.WithRequestEditor))
	f.Func().Id(n.EditRequest).Params(jen.Id("fn").Id(n.RequestEditor)).Id(n.CallOption).Block(
		jen.Return(jen.Qual(rtPkg, "EditRequest").Call(jen.Id("fn"))))
}

func settings(f *jen.File, api *model.API) {
	n := api.Names
	f.Comment(fmt.Sprintf("%s configures %s.", n.Option, n.New))
	f.Type().Id(n.Option).Func().Params(jen.Op("*").Id("settings"))
	f.Type().Id("settings").Struct(
		jen.Id("server").String(),
		jen.Id("creds").Id(n.Credentials),
		jen.Id("retry").Qual(rtPkg, "RetryPolicy"),
		jen.Id("http").Qual(rtPkg, "HTTPDoer"),
		jen.Id("editors").Index().Qual(rtPkg, "RequestEditor"),
	)
	option := func(name, doc string, params []jen.Code, body ...jen.Code) {
		for _, line := range strings.Split(doc, "\n") {
			f.Comment(line)
		}
		f.Func().Id(name).Params(params...).Id(n.Option).Block(
			jen.Return(jen.Func().Params(jen.Id("s").Op("*").Id("settings")).Block(body...)))
	}
	option(n.WithServer, n.WithServer+" sends requests to url: one of the Server constants, or any base URL (a test server).",
		[]jen.Code{jen.Id("url").String()}, jen.Id("s").Dot("server").Op("=").Id("url"))
	option(n.WithCredentials, n.WithCredentials+" sets all credentials at once.",
		[]jen.Code{jen.Id("c").Id(n.Credentials)}, jen.Id("s").Dot("creds").Op("=").Id("c"))
	option(n.WithRetry, n.WithRetry+" replaces the retry policy; "+n.RetryPolicy+"{MaxAttempts: 1} turns retries off.",
		[]jen.Code{jen.Id("p").Id(n.RetryPolicy)}, jen.Id("s").Dot("retry").Op("=").Id("p"))
	option(n.WithHTTPClient, n.WithHTTPClient+" sends through d instead of a new http.Client. An *http.Client keeps its\n"+
		"settings; apigen only adds a redirect check that drops credentials on the way to another host.",
		[]jen.Code{jen.Id("d").Id(n.HTTPDoer)}, jen.Id("s").Dot("http").Op("=").Id("d"))
	option(n.WithRequestEditor, n.WithRequestEditor+" changes every request just before it is sent (a header, a\n"+
		"query parameter); credentials are added after it, on a copy.",
		[]jen.Code{jen.Id("fn").Id(n.RequestEditor)},
		jen.Id("s").Dot("editors").Op("=").Append(jen.Id("s").Dot("editors"), jen.Id("fn")))
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
	env := jen.Dict{}
	if api.Envelope != "" {
		env[jen.Id("Payload")] = jen.Lit(api.Envelope)
	}
	f.Var().Id("policy").Op("=").Op("&").Qual(rtPkg, "Policy").Values(jen.Dict{
		jen.Id("Vendor"):         jen.Lit(api.Name),
		jen.Id("Errors"):         jen.Qual(rtPkg, "ErrorShape").Values(errs),
		jen.Id("Envelope"):       jen.Qual(rtPkg, "Envelope").Values(env),
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
