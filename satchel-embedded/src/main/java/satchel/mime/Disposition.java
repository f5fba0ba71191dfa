package satchel.mime;

import java.util.List;

/** Content-Disposition (RFC 2183): the type as sent and its parameters. */
public record Disposition(String type, List<Param> params) {
    public Disposition { params = List.copyOf(params); }
}
