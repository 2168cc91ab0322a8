import {
  AttendeeInfo,
  AvailabilityData,
  AvailabilityOptions,
  DateTime,
  DateTimeKind,
  ExchangeService,
  ExchangeVersion,
  FreeBusyViewType,
  LegacyFreeBusyStatus,
  OAuthCredentials,
  ServiceError,
  TimeWindow,
  TimeZoneInfo,
  Uri,
  WebCredentials,
  type IXHRApi,
  type IXHROptions,
} from 'ews-javascript-api';
import type { LabHttpClient, LabResponse } from '../../shared/http/client.ts';

/**
 * The third-party EWS client library ews-javascript-api (a TypeScript port of Microsoft's
 * EWS Managed API) driving the lab's EWS, with the lab's own HTTP client underneath.
 *
 * The library sends every request through an IXHRApi (xhr, xhrStream, disconnect). Its
 * default, @ewsjs/xhr, is axios on Node's https with the system trust store and system
 * DNS, neither of which knows the lab. `labXhrApi` implements that interface on a
 * `LabHttpClient` instead, so the library's calls take the lab's DNS view of the
 * client's network, the corp proxy, the lab CA as the only trust anchor and host-name
 * verification, like every other client in the tests.
 */

/** One request the library sent and what came back, for tests that replay the exact body. */
export interface EwsJsExchange {
  readonly url: string;
  readonly requestBody: string;
  readonly status: number;
  readonly responseBody: string;
}

/** The slice of the browser's XMLHttpRequest the library reads from a response (ServiceRequestBase, ExchangeServiceBase). */
interface XhrResponse {
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  readonly response: string;
  readonly headers: Record<string, string>;
  getAllResponseHeaders(): string;
  getResponseHeader(name: string): string | null;
}

function headersOf(response: LabResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function xhrResponse(response: LabResponse): XhrResponse {
  const headers = headersOf(response);
  return {
    status: response.status,
    statusText: String(response.status),
    responseText: response.body,
    response: response.body,
    headers,
    getAllResponseHeaders: () => Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join(''),
    getResponseHeader: (name) => headers[name.toLowerCase()] ?? null,
  };
}

/**
 * The library's request headers, minus Accept-Encoding: it asks for gzip, and the lab
 * client hands bodies back as they arrived, undecoded, so the adapter does not ask.
 */
function requestHeaders(options: IXHROptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((options.headers ?? {}) as Record<string, unknown>)) {
    if (name.toLowerCase() !== 'accept-encoding' && value !== undefined && value !== null) headers[name] = String(value);
  }
  return headers;
}

/**
 * An IXHRApi over `client`. As @ewsjs/xhr does, a 200 resolves and any other status
 * rejects with the response, which the library turns into a SoapFaultDetails: a 500's
 * SOAP fault parsed (ResponseCode, message), a 401 carrying its
 * ServiceRequestUnauthorizedException. Every exchange is appended to `exchanges`.
 */
export function labXhrApi(client: LabHttpClient, exchanges: EwsJsExchange[] = []): IXHRApi {
  return {
    apiName: 'hybrid-lab LabHttpClient',
    async xhr(options) {
      if (options.type !== 'POST' && options.type !== 'GET') throw new TypeError(`labXhrApi sends POST and GET only, not ${String(options.type)}`);
      const requestBody = typeof options.data === 'string' ? options.data : '';
      const response = await client.request(options.url, { method: options.type, headers: requestHeaders(options), body: options.type === 'POST' ? requestBody : undefined });
      exchanges.push({ url: options.url, requestBody, status: response.status, responseBody: response.body });
      const answer = xhrResponse(response);
      if (answer.status !== 200) throw answer;
      return answer;
    },
    async xhrStream() {
      // Streaming notifications (GetStreamingEvents) are not something the lab serves.
      throw new TypeError('labXhrApi does not stream: the lab has no streaming notifications');
    },
    disconnect() {},
  };
}

export type EwsJsCredentials = { readonly user: string; readonly password: string } | { readonly bearer: string };

/**
 * An ExchangeService for Exchange2013 on `url`, its HTTP through `client`.
 *
 * Its time zone is UTC unless `timeZone` (a Windows zone Id) says otherwise, never the
 * machine's: from Exchange2010 on the library (like the EWS Managed API it ports) states
 * its zone in the SOAP header's TimeZoneContext by Windows Id alone, and the lab's
 * availability service computes in fixed offsets only (UTC, `UTC±HH`); a zone with
 * daylight time, such as the machine's may be, is refused with ErrorTimeZone. UTC is also
 * the zone the lab's calendars are written in (seed: times are UTC).
 */
export function ewsJsService(url: string, credentials: EwsJsCredentials, client: LabHttpClient, exchanges?: EwsJsExchange[], timeZone?: string): ExchangeService {
  const service = new ExchangeService(ExchangeVersion.Exchange2013, timeZone === undefined ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone));
  service.Url = new Uri(url);
  service.Credentials = 'bearer' in credentials ? new OAuthCredentials(credentials.bearer) : new WebCredentials(credentials.user, credentials.password);
  service.XHRApi = labXhrApi(client, exchanges);
  return service;
}

/** One calendar event as the library parsed it: UTC instants as ISO strings, the BusyType's name, and the subject when the view has details. */
export interface EwsJsEvent {
  readonly start: string;
  readonly end: string;
  readonly busyType: string;
  readonly subject?: string;
}

export interface EwsJsAvailability {
  readonly address: string;
  /** The per-mailbox ResponseCode, when it is not NoError. */
  readonly error?: string;
  readonly events: readonly EwsJsEvent[];
}

export interface EwsJsAvailabilityRequest {
  readonly url: string;
  readonly credentials: EwsJsCredentials;
  readonly client: LabHttpClient;
  readonly attendees: readonly string[];
  /**
   * The day to ask about, `YYYY-MM-DD`. The library sends the window as dates only (the
   * EWS Managed API's WriteToXmlUnscopedDatesOnly): that day's 00:00 to the next day's
   * 00:00 in the service's zone, the lab day itself in UTC.
   */
  readonly day: string;
  /** Collects the library's requests and the answers, to replay or inspect. */
  readonly exchanges?: EwsJsExchange[];
  /** The service's Windows time zone Id; UTC when absent (see ewsJsService). */
  readonly timeZone?: string;
}

const isoOf = (value: DateTime): string => new Date(value.TotalMilliSeconds).toISOString();

/**
 * GetUserAvailability as the library makes it: ExchangeService.GetUserAvailability with
 * AvailabilityData.FreeBusy and the library's default options (RequestedView Detailed,
 * 30-minute merged interval), flattened to plain data. A whole-request failure (401, a
 * SOAP fault) rejects with the library's exception.
 */
export async function ewsJsAvailability(request: EwsJsAvailabilityRequest): Promise<EwsJsAvailability[]> {
  const service = ewsJsService(request.url, request.credentials, request.client, request.exchanges, request.timeZone);
  const start = DateTime.Parse(`${request.day}T00:00:00Z`, DateTimeKind.Utc);
  const options = new AvailabilityOptions();
  options.RequestedFreeBusyView = FreeBusyViewType.Detailed;
  const results = await service.GetUserAvailability(
    request.attendees.map((address) => new AttendeeInfo(address)),
    new TimeWindow(start, start.AddDays(1)),
    AvailabilityData.FreeBusy,
    options,
  );
  return request.attendees.map((address, index) => {
    const answer = results.AttendeesAvailability.Responses[index];
    if (!answer) throw new Error(`the library returned ${results.AttendeesAvailability.Count} answers for ${request.attendees.length} attendees`);
    const events = (answer.CalendarEvents ?? []).map((event) => ({
      start: isoOf(event.StartTime),
      end: isoOf(event.EndTime),
      busyType: LegacyFreeBusyStatus[event.FreeBusyStatus],
      ...(event.Details?.Subject !== undefined && event.Details.Subject !== null ? { subject: event.Details.Subject } : {}),
    }));
    return { address, ...(answer.ErrorCode === ServiceError.NoError ? {} : { error: ServiceError[answer.ErrorCode] }), events };
  });
}
