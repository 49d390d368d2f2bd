/**
 * What the visitor reads when the API refuses or cannot be reached. The server's own message is
 * English and written for developers; the cases a visitor can do something about get their own
 * words, in the visitor's language.
 */
import { msg } from '@lit/localize';
import { ApiFailure } from './api-client.js';
import type { View } from './view.js';

/** Anything thrown on the way to the API, as an API failure. */
export function asFailure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure(0, 'unknown', String(error));
}

export function fieldsMessage(): string {
  return msg('Please check the highlighted fields.', { id: 'error.fields' });
}

const unknown = () => msg('Something went wrong. Please try again later.', { id: 'error.unknown' });

/**
 * The message for a failure shown on `view` (`failed`: the page or booking could not be loaded);
 * `managing`: the failure is about a booking opened from its manage link, not about a page.
 * Only a routing rule's refusal is shown as the server wrote it: that is the page's own text, in
 * the visitor's language.
 */
export function visitorMessage(failure: ApiFailure, view: View, managing = false): string {
  switch (failure.code) {
    case 'slot_unavailable':
      return msg('Sorry, that time was just taken. Please choose another one.', { id: 'error.taken' });
    case 'validation_failed':
      // On the form the server's field errors are shown on their fields; elsewhere there are none to show.
      return view === 'form' ? fieldsMessage() : unknown();
    case 'rate_limited':
      return msg('Too many attempts. Please wait a minute and try again.', { id: 'error.rateLimited' });
    case 'network':
      return msg('The booking service cannot be reached. Please check your connection.', { id: 'error.network' });
    case 'not_found':
      return managing
        ? msg('This booking was not found. Please use the link in your latest email.', { id: 'error.bookingNotFound' })
        : msg('This booking page does not exist.', { id: 'error.notFound' });
    case 'invalid_token':
      return msg('This link is not valid or has expired. Please use the link in your latest email.', { id: 'error.invalidToken' });
    case 'too_late':
      return msg('This booking has already started, so it can no longer be changed.', { id: 'error.tooLate' });
    case 'invalid_state':
      return msg('This booking can no longer be changed.', { id: 'error.invalidState' });
    case 'refused':
      return failure.message;
    default:
      return unknown();
  }
}
