/**
 * Identifiers the store hands out. Random rather than sequential so that an id in a URL tells
 * nothing about how many bookings exist and cannot be guessed from a neighbour's.
 */
import { randomBytes } from 'node:crypto';

/** 96 random bits, URL-safe (16 characters). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** Instants are stored as ISO-8601 UTC text, which sorts in time order on both dialects. */
export function toStored(instant: number): string {
  return new Date(instant).toISOString();
}

export function fromStored(text: string): number {
  return Date.parse(text);
}
