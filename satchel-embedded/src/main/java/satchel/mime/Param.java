package satchel.mime;

/** A MIME parameter ({@code charset=utf-8}) or, for search, a header field with its decoded value. */
public record Param(String name, String value) {}
