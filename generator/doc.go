// Package generator turns vendors' OpenAPI specs into Go client packages.
//
// Run is the one orchestrator. Data flows one way through one package per
// stage; imports point the same way and nothing here imports cmd:
//
//	specs/<vendor>/ + overlays/<vendor>/ + apigen.yaml
//	   │ load        bytes → validated OpenAPI 3 (Swagger 2.0 upgraded here)
//	   │ overlay     Overlay 1.x documents in config order; strict by default
//	   │ model       the Go-shaped view: every Go name decided once
//	   ├─ goclient   oapi-codegen types + client, jennifer runtime → []output.File
//	   ├─ samples    cURL, PowerShell and Go samples per operation (over the
//	   │             generated client.go), x-codeSamples overlay, decorated spec
//	   └─ output     write changed files atomically, prune stale generated ones
//
// Emitters are pure (values in, files out); only output writes. Generate
// produces every vendor's files in memory first and Run writes nothing unless
// all of them succeeded, so a broken spec or overlay never leaves a
// half-regenerated tree behind.
package generator
