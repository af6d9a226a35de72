/**
 * Just enough of the protobuf wire format to read the few fields the current Anki format keeps in
 * protobuf blobs (package meta, media list, notetype/template config). Hand-written because those are
 * four tiny messages; a protobuf library would need Anki's .proto files compiled in for the same result.
 */

export type ProtoValue = number | Uint8Array;

/** Field number -> values in order (repeated fields have several). Varints as numbers, length-delimited as bytes. */
export type ProtoMessage = Map<number, ProtoValue[]>;

export class ProtobufError extends Error {}

export function decodeProto(bytes: Uint8Array): ProtoMessage {
  const out: ProtoMessage = new Map();
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) throw new ProtobufError('truncated varint');
      const b = bytes[pos++]!;
      result += (b & 0x7f) * scale; // arithmetic, not bit shifts: ids need more than 32 bits
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new ProtobufError('varint too long');
  };
  while (pos < bytes.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    let value: ProtoValue;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      if (pos + len > bytes.length) throw new ProtobufError('truncated field');
      value = bytes.subarray(pos, pos + len);
      pos += len;
    } else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4;
      if (pos + len > bytes.length) throw new ProtobufError('truncated field');
      value = bytes.subarray(pos, pos + len);
      pos += len;
    } else throw new ProtobufError(`unsupported wire type ${wire}`);
    if (field === 0) throw new ProtobufError('field number 0');
    const list = out.get(field);
    if (list) list.push(value);
    else out.set(field, [value]);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function protoString(m: ProtoMessage, field: number): string {
  const v = m.get(field)?.at(-1);
  return v instanceof Uint8Array ? utf8.decode(v) : '';
}

export function protoNumber(m: ProtoMessage, field: number): number {
  const v = m.get(field)?.at(-1);
  return typeof v === 'number' ? v : 0;
}

export function protoMessages(m: ProtoMessage, field: number): ProtoMessage[] {
  return (m.get(field) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array).map(decodeProto);
}
