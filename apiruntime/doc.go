// Package apiruntime is the behaviour apigen's generated clients share:
// credentials, typed errors, rate-limit parsing, request limits and retries.
//
// A generated package holds only its vendor's facts: a Policy built from the
// vendor's overlays (which statuses to retry, where an error body keeps its
// message, which headers carry rate limits, how large a request may be) and
// the credentials its security schemes need. This package turns those facts
// into behaviour, once, tested once, the way oapi-codegen's clients share
// github.com/oapi-codegen/runtime.
//
// The pieces meet in Doer, an HTTP doer that sits under oapi-codegen's client:
//
//	client method → Doer: limits → credentials → send (retrying) → typed error
//	                                              ↓
//	                                        *http.Client (credentials dropped
//	                                         on redirects to another host)
package apiruntime
