import type { INode } from 'n8n-workflow';

/** Which item a request belongs to, for errors raised after sending (e.g. an execution that failed). */
export interface ItemContext {
	node: INode;
	itemIndex: number;
}
