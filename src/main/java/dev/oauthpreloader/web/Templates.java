package dev.oauthpreloader.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The jte engine for {@code templates/}. Templates are precompiled into the jar by the build; with
 * JTE_DEV=true they are read from the directory instead, so edits show on reload.
 */
public final class Templates {

    private final TemplateEngine engine;

    public Templates(boolean development) {
        Path directory = Path.of("templates");
        this.engine = development && Files.isDirectory(directory)
                ? TemplateEngine.create(new DirectoryCodeResolver(directory), ContentType.Html)
                : TemplateEngine.createPrecompiled(ContentType.Html);
    }

    public String render(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        engine.render(template, params, output);
        return output.toString();
    }

    public void page(Context ctx, String template, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").result(render(template, params));
    }
}
