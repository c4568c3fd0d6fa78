package io.cardea.server.pages;

/**
 * What the page templates read of the operator's branding, as {@code ${@branding...}}: the bean is
 * named so for them.
 */
public final class Branding {

    private final BrandingSettings settings;

    Branding(BrandingSettings settings) {
        this.settings = settings;
    }

    public String productName() {
        return settings.productName();
    }

    /** {@code #rrggbb}, or null for Cardea's own. */
    public String accentColour() {
        String colour = settings.accentColour();
        return colour == null || colour.isBlank() ? null : colour;
    }

    public boolean themeStylesheet() {
        return settings.themeStylesheet();
    }

    public String logo() {
        return settings.logo();
    }

    java.nio.file.Path theme() {
        return settings.theme();
    }
}
