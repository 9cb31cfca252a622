export interface Moto {
	endpoint: string;
	port: number;
	stop(): Promise<void>;
}
export function startMoto(options?: { executeStateMachines?: boolean }): Promise<Moto>;
export function motoAvailable(): boolean;
