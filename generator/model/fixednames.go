package model

import (
	"reflect"
	"strings"
)

// Names are the identifiers apigen declares in every generated package,
// whatever the spec: one table that goclient prints, the samples call and
// the reserved-name check keeps the spec's schemas away from. A change
// here renames the API of every generated client, so it is deliberate.
type Names struct {
	// The client and how to make one.
	Client, New, Option, FromEnv                                              string
	WithServer, WithCredentials, WithRetry, WithHTTPClient, WithRequestEditor string
	Credentials, DefaultServer, ServerURL                                     string
	// Methods every Client has besides its services and untagged
	// operations: the escape hatch and the rate-limit snapshot.
	ClientDo, ClientRateLimit string
	// One call's options and raw answer.
	CallOption, Capture, EditRequest, Response string
	// Errors and what a caller tunes or reads.
	APIError, RateLimitError, TransportError, DecodeError, ErrLimit string
	RetryPolicy, RateLimit, RateLimitOf, Warning, Warnings          string
	HTTPDoer, RequestEditor                                         string
	// Ptr returns a pointer to its argument, for optional fields.
	Ptr string
	// ServiceSuffix ends a service's type name: DomainsService.
	ServiceSuffix string
	// ResultSuffix and ItemSuffix end the names given to inline answer
	// schemas: GetStatsResult, ListHitsItem.
	ResultSuffix, ItemSuffix string
}

// fixedNames is the table; see Names.
func fixedNames() Names {
	return Names{
		Client: "Client", New: "New", Option: "Option", FromEnv: "FromEnv",
		WithServer: "WithServer", WithCredentials: "WithCredentials", WithRetry: "WithRetry",
		WithHTTPClient: "WithHTTPClient", WithRequestEditor: "WithRequestEditor",
		Credentials: "Credentials", DefaultServer: "DefaultServer", ServerURL: "ServerURL",
		ClientDo: "Do", ClientRateLimit: "RateLimit",
		CallOption: "CallOption", Capture: "Capture", EditRequest: "EditRequest", Response: "Response",
		APIError: "APIError", RateLimitError: "RateLimitError", TransportError: "TransportError",
		DecodeError: "DecodeError", ErrLimit: "ErrLimit",
		RetryPolicy: "RetryPolicy", RateLimit: "RateLimit", RateLimitOf: "RateLimitOf",
		Warning: "Warning", Warnings: "Warnings",
		HTTPDoer: "HTTPDoer", RequestEditor: "RequestEditor",
		Ptr:           "Ptr",
		ServiceSuffix: "Service", ResultSuffix: "Result", ItemSuffix: "Item",
	}
}

// Declared lists the package-level identifiers among the names (the
// suffixes and Client methods are not declarations of their own).
func (n Names) Declared() []string {
	v := reflect.ValueOf(n)
	var out []string
	for i := range v.NumField() {
		switch f := v.Type().Field(i).Name; {
		case strings.HasSuffix(f, "Suffix"), strings.HasPrefix(f, "Client") && f != "Client":
		default:
			out = append(out, v.Field(i).String())
		}
	}
	return out
}

// OAPIClient is the type name goclient asks oapi-codegen's client
// template to use; its methods are dropped with the rest of OAPIPlumbing.
const OAPIClient = "Client"

// OAPIPlumbing lists what oapi-codegen's client template declares in its
// raw output besides the request builders: goclient drops them, and a
// schema taking one of them would clash before they are dropped.
func OAPIPlumbing() []string {
	return []string{
		OAPIClient, "ClientInterface", "ClientOption", "NewClient", "WithHTTPClient", "WithRequestEditorFn",
		"HttpRequestDoer", "RequestEditorFn",
	}
}

// reservedKeys folds every name a schema may not take, for this API: the
// fixed names, oapi-codegen's raw client and the service types.
func (api *API) reservedKeys() map[string]bool {
	out := map[string]bool{}
	for _, n := range append(api.Names.Declared(), OAPIPlumbing()...) {
		out[nameKey(n)] = true
	}
	for _, s := range api.Services {
		out[nameKey(s.Type)] = true
	}
	return out
}
