import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { SfnSession } from '../../shared/aws/session';
import type { ItemContext } from '../../shared/helpers/itemContext';

export type { ItemContext } from '../../shared/helpers/itemContext';

/**
 * One operation of the node, in one file: its parameters, how an item becomes a request, and the command.
 * The router owns the item loop, continue-on-fail and paired items; an operation knows none of them.
 */
export interface Operation<Request = unknown> {
	/** The API action, which is also the IAM action states:<action> */
	action: string;
	/** A long poll (Get Activity Task): requests may take 60 s, whatever the request timeout says */
	longPoll?: boolean;
	/**
	 * Each item is one short request (no look-ups, pages, polls or waits), so with continue-on-fail the router
	 * may queue items ahead of "Max Concurrent Requests": the transport still keeps at most that many on the
	 * wire, and a freed slot takes the next request at once.
	 */
	oneRequestPerItem?: boolean;
	description: INodeProperties[];
	/** Reads the item's parameters and checks them against the API limits; throws before anything is sent. */
	buildRequest(this: IExecuteFunctions, itemIndex: number): Request;
	/**
	 * Sends the item's request(s) and returns the result: one JSON object, or a list (one output item per
	 * entry, all paired with the input item).
	 */
	send(session: SfnSession, request: Request, item: ItemContext): Promise<IDataObject | IDataObject[]>;
}

// Each resource's index.ts gathers its operations `satisfies Record<string, Operation>`, no cast: send() is
// declared as a method, so an Operation<SpecificRequest> is an Operation, and the router keeps each request
// with the operation that built it.

