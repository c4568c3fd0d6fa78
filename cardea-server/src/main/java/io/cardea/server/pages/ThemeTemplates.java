package io.cardea.server.pages;

import java.util.Map;
import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * The operator's page templates ({@code THEME/templates/NAME.html}), looked up before Cardea's: a
 * template the theme does not have stays Cardea's. Without a theme it resolves nothing.
 */
final class ThemeTemplates extends FileTemplateResolver {

    private final boolean themed;

    ThemeTemplates(Branding branding) {
        this.themed = branding.theme() != null;
        if (themed) {
            setPrefix(branding.theme().resolve("templates").toAbsolutePath() + "/");
        }
        setSuffix(".html");
        setTemplateMode(TemplateMode.HTML);
        setCharacterEncoding("UTF-8");
        setCheckExistence(true);
        setCacheable(false);
        setOrder(1);
    }

    @Override
    protected boolean computeResolvable(IEngineConfiguration configuration, String ownerTemplate, String template,
            Map<String, Object> templateResolutionAttributes) {
        return themed && super.computeResolvable(configuration, ownerTemplate, template, templateResolutionAttributes);
    }
}
