package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/apigen-dev/apigen/generator/docs"
)

// DocsConfig is apigen.yaml's docs section: how `apigen docs` brands the
// site and which vendors it publishes. Every key is optional.
type DocsConfig struct {
	// Title heads the index page and names the site in every page's
	// <title>; default docs.DefaultTitle.
	Title string `yaml:"title,omitempty"`
	// Logo is an image file, relative to the config, copied into the site
	// and shown on the index and in each page's header.
	Logo string `yaml:"logo,omitempty"`
	// PrimaryColor is a CSS hex colour (#1f6feb) for links, headings and
	// the selected sample tab.
	PrimaryColor string `yaml:"primary-color,omitempty"`
	// SamplePanelWidth is the width of the sample panel beside each
	// operation: a percentage of the page (45%) or pixels (640px).
	SamplePanelWidth string `yaml:"sample-panel-width,omitempty"`
	// Vendors are the vendors the site publishes, in this order; default
	// every vendor of the config. --vendor on the command line wins.
	Vendors []string `yaml:"vendors,omitempty"`

	lines map[string]int // the line of each key, for messages
}

var (
	hexColor   = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	panelWidth = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)(%|px)$`)
	logoTypes  = []string{".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
)

// locateDocs records the line of each key of the docs section.
func (c *Config) locateDocs(root *yaml.Node) {
	if c.Docs == nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return
	}
	c.Docs.lines = map[string]int{}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "docs" {
			continue
		}
		c.Docs.lines["docs"] = m.Content[i].Line
		d := m.Content[i+1]
		for j := 0; j+1 < len(d.Content); j += 2 {
			c.Docs.lines[d.Content[j].Value] = d.Content[j].Line
			if d.Content[j].Value == "vendors" {
				for k, item := range d.Content[j+1].Content {
					c.Docs.lines["vendors."+strconv.Itoa(k)] = item.Line
				}
			}
		}
	}
}

// validateDocs checks the docs section; errors name the line of the key.
func (c *Config) validateDocs() error {
	d := c.Docs
	if d == nil {
		return nil
	}
	at := func(key string, format string, args ...any) error {
		line := d.lines[key]
		if line == 0 {
			line = d.lines["docs"]
		}
		return configError(c.Path, line, "docs: %s", fmt.Sprintf(format, args...))
	}
	if d.Title != "" && strings.TrimSpace(d.Title) == "" {
		return at("title", "title: blank; leave it out for %q", docs.DefaultTitle)
	}
	if d.Logo != "" && !slices.Contains(logoTypes, strings.ToLower(filepath.Ext(d.Logo))) {
		return at("logo", "logo %q: want an image file (%s)", d.Logo, strings.Join(logoTypes, ", "))
	}
	if d.PrimaryColor != "" && !hexColor.MatchString(d.PrimaryColor) {
		return at("primary-color", "primary-color %q: want a hex colour such as %q", d.PrimaryColor, docs.DefaultPrimaryColor)
	}
	if w := d.SamplePanelWidth; w != "" {
		m := panelWidth.FindStringSubmatch(w)
		n := 0.0
		if m != nil {
			n, _ = strconv.ParseFloat(m[1], 64)
		}
		switch {
		case m == nil:
			return at("sample-panel-width", "sample-panel-width %q: want a percentage (%s) or pixels (640px)", w, docs.DefaultSamplePanelWidth)
		case m[2] == "%" && (n < 25 || n > 70):
			return at("sample-panel-width", "sample-panel-width %q: want between 25%% and 70%% of the page", w)
		case m[2] == "px" && (n < 320 || n > 1600):
			return at("sample-panel-width", "sample-panel-width %q: want between 320px and 1600px", w)
		}
	}
	for i, name := range d.Vendors {
		key := "vendors." + strconv.Itoa(i)
		if _, err := c.Vendor(name); err != nil {
			return at(key, "vendors: %q is not a vendor of this config", name)
		}
		if slices.Index(d.Vendors, name) < i {
			return at(key, "vendors: %q is listed twice", name)
		}
	}
	return nil
}

// checkDocsFiles reports a logo that does not exist.
func (c *Config) checkDocsFiles() error {
	if c.Docs == nil || c.Docs.Logo == "" {
		return nil
	}
	if _, err := os.Stat(c.Resolve(c.Docs.Logo)); err != nil {
		return configError(c.Path, c.Docs.lines["logo"], "docs: logo %q: %s", c.Docs.Logo, unwrapPath(err))
	}
	return nil
}
