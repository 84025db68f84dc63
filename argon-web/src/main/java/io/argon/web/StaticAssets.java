package io.argon.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The page's files, read once from the jar: no CDN and no build step at run time. Only the
 * files named here are served, whatever a request's path says.
 */
final class StaticAssets {
    /** A file and its content type. */
    record Asset(byte[] bytes, String contentType) {
    }

    private static final String ROOT = "/io/argon/web/static/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");
    /** Every file the page uses, by its path under {@code /assets/}. */
    static final String[] FILES = {"index.html", "login.html", "app.js", "login.js", "style.css",
        "vendor/uplot/uPlot.iife.min.js", "vendor/uplot/uPlot.min.css", "vendor/uplot/LICENSE"};

    private final Map<String, Asset> assets = new TreeMap<>();

    StaticAssets() {
        for (String name : FILES) {
            try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
                }
                int dot = name.lastIndexOf('.');
                String type = TYPES.getOrDefault(dot < 0 ? "" : name.substring(dot + 1), HttpReplies.TEXT);
                assets.put(name, new Asset(in.readAllBytes(), type));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dashboard's " + name, e);
            }
        }
    }

    /** The file at {@code name}, or null if the page has none by that name. */
    Asset get(String name) {
        return assets.get(name);
    }
}
