// Package spectree knows what each node of an OpenAPI or Swagger document
// is: a schema, a parameter, a media type, or data (an example, a default,
// an extension) that merely looks like one.
//
// It holds no tree of its own, so every YAML or JSON library's nodes can be
// walked with it: a walker starts at Root2 (Swagger 2.0) or Root3 (OpenAPI
// 3.x) and asks Child for a mapping's values and Elem for a sequence's
// items. The roles answer the questions the pipeline keeps asking of real
// specs: is this $ref a reference or a value inside an example; is this
// mapping a schema whose keywords kin-openapi will decode.
package spectree

import "strings"

// Role is what a node is in the document.
type Role uint8

// The roles. Map and List roles are containers whose members all have one
// role; Data is anything below which nothing is spec structure.
const (
	Other Role = iota // structure apigen does not look into (info, servers, ...)
	Data              // example values, defaults, enums, extension values

	Root2 // a Swagger 2.0 document
	Root3 // an OpenAPI 3.x document

	Paths       // path → PathItem
	PathItem    // methods, parameters
	Operation   // parameters, requestBody, responses, callbacks
	Parameter   // OpenAPI 3 parameter
	Header      // OpenAPI 3 header
	RequestBody // content
	MediaType   // schema, examples, encoding
	Encoding    // headers
	Response    // headers, content, links
	Example     // summary, value
	Link        // operationRef, parameters
	Callback    // expression → PathItem
	Schema      // a JSON Schema
	Components  // OpenAPI 3 components
	Parameter2  // Swagger 2.0 parameter (body or not)
	Response2   // Swagger 2.0 response
	Header2     // Swagger 2.0 header
	Items2      // Swagger 2.0 items of a non-body parameter or header
	SecurityScheme

	SchemaMap // name → Schema
	SchemaList
	ParameterMap
	ParameterList
	Parameter2Map
	Parameter2List
	HeaderMap
	Header2Map
	ResponseMap
	Response2Map
	RequestBodyMap
	MediaTypeMap
	EncodingMap
	ExampleMap
	LinkMap
	CallbackMap
	PathItemMap
	SecuritySchemeMap
)

// methods are the operation keys of a path item.
var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true, "query": true}

// members gives the role of every member of a container role.
var members = map[Role]Role{
	SchemaMap: Schema, SchemaList: Schema, ParameterMap: Parameter, ParameterList: Parameter,
	Parameter2Map: Parameter2, Parameter2List: Parameter2, HeaderMap: Header, Header2Map: Header2,
	ResponseMap: Response, Response2Map: Response2, RequestBodyMap: RequestBody,
	MediaTypeMap: MediaType, EncodingMap: Encoding, ExampleMap: Example, LinkMap: Link,
	CallbackMap: Callback, PathItemMap: PathItem, SecuritySchemeMap: SecurityScheme,
	Paths: PathItem, Callback: PathItem,
}

// keys gives the role of a known key under an object role.
var keys = map[Role]map[string]Role{
	Root2: {"paths": Paths, "definitions": SchemaMap, "parameters": Parameter2Map, "responses": Response2Map,
		"securityDefinitions": SecuritySchemeMap},
	Root3: {"paths": Paths, "components": Components, "webhooks": PathItemMap},
	Components: {"schemas": SchemaMap, "parameters": ParameterMap, "responses": ResponseMap,
		"requestBodies": RequestBodyMap, "headers": HeaderMap, "examples": ExampleMap, "links": LinkMap,
		"callbacks": CallbackMap, "pathItems": PathItemMap, "securitySchemes": SecuritySchemeMap},
	Operation:   {"requestBody": RequestBody, "callbacks": CallbackMap},
	Parameter:   {"schema": Schema, "content": MediaTypeMap, "examples": ExampleMap, "example": Data},
	Header:      {"schema": Schema, "content": MediaTypeMap, "examples": ExampleMap, "example": Data},
	RequestBody: {"content": MediaTypeMap},
	MediaType:   {"schema": Schema, "examples": ExampleMap, "example": Data, "encoding": EncodingMap},
	Encoding:    {"headers": HeaderMap},
	Response:    {"headers": HeaderMap, "content": MediaTypeMap, "links": LinkMap},
	Example:     {"value": Data},
	Link:        {"parameters": Data, "requestBody": Data},
	Parameter2:  {"schema": Schema, "items": Items2, "default": Data, "enum": Data, "x-example": Data},
	Response2:   {"schema": Schema, "headers": Header2Map, "examples": Data},
	Header2:     {"items": Items2, "default": Data, "enum": Data},
	Items2:      {"items": Items2, "default": Data, "enum": Data},
	Schema: {
		"properties": SchemaMap, "patternProperties": SchemaMap, "dependentSchemas": SchemaMap,
		"$defs": SchemaMap, "definitions": SchemaMap,
		"items": Schema, "additionalProperties": Schema, "not": Schema, "contains": Schema,
		"propertyNames": Schema, "if": Schema, "then": Schema, "else": Schema, "contentSchema": Schema,
		"unevaluatedItems": Schema, "unevaluatedProperties": Schema, "additionalItems": Schema,
		"allOf": SchemaList, "anyOf": SchemaList, "oneOf": SchemaList, "prefixItems": SchemaList,
		"example": Data, "examples": Data, "default": Data, "enum": Data, "const": Data,
	},
}

// Child is the role of the value under key in a mapping of role parent.
func Child(parent Role, key string) Role {
	switch {
	case parent == Data || parent == Other:
		return parent
	case strings.HasPrefix(key, "x-") && (!isContainer(parent) || extensible[parent]):
		return Data // extension values are the extension's own business
	}
	if m, ok := members[parent]; ok {
		return m
	}
	if r, ok := keys[parent][key]; ok {
		return r
	}
	switch parent {
	case PathItem:
		if methods[key] {
			return Operation
		}
		if key == "parameters" {
			return ParameterList
		}
	case Operation:
		switch key {
		case "parameters":
			return ParameterList
		case "responses":
			return ResponseMap
		}
	}
	return Other
}

// child2 is Child under a Swagger 2.0 document, where the same keys hold
// 2.0 shapes.
func child2(parent Role, key string) Role {
	switch {
	case parent == PathItem && key == "parameters", parent == Operation && key == "parameters":
		return Parameter2List
	case parent == Operation && key == "responses":
		return Response2Map
	}
	return Child(parent, key)
}

// ChildIn is Child for a document of the given root role, so a walker
// needs no other state than the root it started from.
func ChildIn(root, parent Role, key string) Role {
	if root == Root2 {
		return child2(parent, key)
	}
	return Child(parent, key)
}

// Elem is the role of each item of a sequence of role parent.
func Elem(parent Role) Role {
	if m, ok := members[parent]; ok && isContainer(parent) {
		return m
	}
	if parent == Data {
		return Data
	}
	return Other
}

// extensible containers take x- extensions beside their names; in the
// others (components' maps, headers, properties) an x- key is a name.
var extensible = map[Role]bool{Paths: true, ResponseMap: true, Response2Map: true, Callback: true}

// isContainer says the role's keys (or items) are names, not keywords.
func isContainer(r Role) bool { return r >= SchemaMap || r == Paths || r == Callback }

// Refable reports whether a $ref key in a mapping of this role is a
// reference: only objects the specification lets a Reference Object (or a
// JSON Schema $ref) stand for.
func Refable(r Role) bool {
	switch r {
	case Schema, Parameter, Header, RequestBody, Response, Example, Link, Callback, PathItem,
		SecurityScheme, Parameter2, Response2:
		return true
	}
	return false
}

// RootOf picks the root role from the document's version key.
func RootOf(swagger bool) Role {
	if swagger {
		return Root2
	}
	return Root3
}
