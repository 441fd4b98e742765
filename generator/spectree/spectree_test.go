package spectree

import "testing"

// walk follows keys from a root, as a walker does.
func walk(root Role, keys ...string) Role {
	r := root
	for _, k := range keys {
		if k == "[]" {
			r = Elem(r)
			continue
		}
		r = ChildIn(root, r, k)
	}
	return r
}

func TestRoles(t *testing.T) {
	for _, c := range []struct {
		root Role
		keys []string
		want Role
	}{
		{Root3, []string{"components", "schemas", "Pet"}, Schema},
		{Root3, []string{"components", "schemas", "x-Pet"}, Schema}, // a name, not an extension
		{Root3, []string{"components", "schemas", "Pet", "x-meta"}, Data},
		{Root3, []string{"components", "schemas", "Pet", "properties", "x-rate"}, Schema},
		{Root3, []string{"components", "schemas", "Pet", "example"}, Data},
		{Root3, []string{"components", "schemas", "Pet", "default", "a"}, Data},
		{Root3, []string{"components", "schemas", "Pet", "allOf", "[]"}, Schema},
		{Root3, []string{"paths", "/a", "get", "parameters", "[]"}, Parameter},
		{Root3, []string{"paths", "/a", "get", "parameters", "[]", "schema"}, Schema},
		{Root3, []string{"paths", "/a", "get", "responses", "default"}, Response},
		{Root3, []string{"paths", "/a", "get", "responses", "x-note"}, Data},
		{Root3, []string{"paths", "x-internal"}, Data},
		{Root3, []string{"paths", "/a", "get", "responses", "200", "headers", "x-rate-limit"}, Header},
		{Root3, []string{"paths", "/a", "get", "responses", "200", "content", "application/json", "examples", "one"}, Example},
		{Root3, []string{"paths", "/a", "get", "responses", "200", "content", "application/json", "examples", "one", "value"}, Data},
		{Root3, []string{"paths", "/a", "get", "callbacks", "onEvent", "{$request.body#/url}", "post"}, Operation},
		{Root3, []string{"webhooks", "created", "post", "requestBody", "content", "application/json", "schema"}, Schema},
		{Root3, []string{"info", "contact"}, Other},
		{Root2, []string{"definitions", "Pet", "properties", "id"}, Schema},
		{Root2, []string{"paths", "/a", "get", "parameters", "[]"}, Parameter2},
		{Root2, []string{"paths", "/a", "get", "parameters", "[]", "schema"}, Schema},
		{Root2, []string{"paths", "/a", "get", "responses", "200", "schema"}, Schema},
		{Root2, []string{"paths", "/a", "get", "responses", "200", "examples", "application/json"}, Data},
	} {
		if got := walk(c.root, c.keys...); got != c.want {
			t.Errorf("%v: got role %d, want %d", c.keys, got, c.want)
		}
	}
}

func TestRefable(t *testing.T) {
	for _, r := range []Role{Schema, Parameter, Response, Example, Parameter2, PathItem} {
		if !Refable(r) {
			t.Errorf("role %d takes a $ref", r)
		}
	}
	for _, r := range []Role{Data, Other, MediaType, SchemaMap, Operation} {
		if Refable(r) {
			t.Errorf("a $ref under role %d is data", r)
		}
	}
}
