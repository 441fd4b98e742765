package model

import "testing"

func TestExported(t *testing.T) {
	for in, want := range map[string]string{
		"listDomains":                "ListDomains",
		"list-notes":                 "ListNotes",
		"get /v3/domains/{domainId}": "GetV3DomainsDomainID",
		"us":                         "US",
		"eu":                         "EU",
		"default":                    "Default",
		"dnsRecordAdd":               "DNSRecordAdd",
		"extraSphinxIndexDelete2":    "ExtraSphinxIndexDelete2",
		"2fa":                        "X2fa",
		"":                           "X",
		"Ünïcode name":               "NCodeName",
		"func":                       "Func",
	} {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUniqueNamesAreStable(t *testing.T) {
	ops := []Operation{
		{Method: "GET", Path: "/a", ID: "getA"},
		{Method: "GET", Path: "/b", ID: "get-a"}, // collides with getA
		{Method: "POST", Path: "/c"},             // no operationId
	}
	got := uniqueNames(ops)
	want := []string{"GetA", "GetA2", "PostC"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("uniqueNames = %v, want %v", got, want)
		}
	}
}
