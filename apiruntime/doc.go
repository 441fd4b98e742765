// Package apiruntime is the behaviour apigen's generated clients share:
// calls and envelopes, credentials, typed errors, rate-limit parsing,
// request limits and retries.
//
// A generated package holds only its vendor's facts: a Policy built from the
// vendor's overlays (where a successful answer keeps its payload, which
// statuses to retry, where an error body keeps its message, which headers
// carry rate limits, how large a request may be) and the credentials its
// security schemes need. This package turns those facts into behaviour,
// once, tested once, the way oapi-codegen's clients share
// github.com/oapi-codegen/runtime. Users never import it for ordinary
// work: each generated package re-exports what they need under its own name.
//
// A generated method builds its request with oapi-codegen's request builder
// and hands it to Call (or Value, Raw, Send):
//
//	service method → Client: ctx, editors → Doer: limits → credentials → send (retrying) → typed error
//	                    ↑                                                   ↓
//	              decode the payload                              *http.Client (credentials dropped
//	              out of its Envelope                              on redirects to another host)
package apiruntime
