/* eslint-disable @typescript-eslint/no-require-imports -- the modules must be required after jest.doMock, inside jest.isolateModulesAsync */
import { readdirSync, readFileSync, statSync } from 'fs';
import { builtinModules } from 'module';
import { join } from 'path';

import * as ts from 'typescript';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * The package has no runtime dependencies (n8n-workflow comes from n8n): the AWS SDK and everything else in
 * devDependencies is for tests only. A value import of any of them would break the installed package.
 */

const ROOT = join(__dirname, '..', '..');

function sourceFiles(directory: string): string[] {
	return readdirSync(directory).flatMap((name) => {
		const path = join(directory, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
	});
}

/** The modules a file loads at run time: value imports, re-exports and require() calls; type-only imports are erased. */
function runtimeImports(file: string): string[] {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			const clause = node.importClause;
			const named = clause?.namedBindings;
			const onlyTypes =
				clause?.isTypeOnly === true ||
				(clause !== undefined && clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((element) => element.isTypeOnly));
			if (!onlyTypes) found.push(node.moduleSpecifier.text);
		} else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
			found.push(node.moduleSpecifier.text);
		} else if (ts.isCallExpression(node) && node.expression.getText() === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
			found.push(node.arguments[0].text);
		} else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
			found.push(node.arguments[0].text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('what the package loads at run time', () => {
	it("imports only its own files, Node's built-in modules and n8n-workflow", () => {
		const files = [...sourceFiles(join(ROOT, 'nodes')), ...sourceFiles(join(ROOT, 'credentials'))];
		expect(files.length).toBeGreaterThan(20);
		const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
		const foreign = files.flatMap((file) =>
			runtimeImports(file)
				.filter((specifier) => !specifier.startsWith('.') && !builtins.has(specifier) && specifier !== 'n8n-workflow')
				.map((specifier) => `${file.slice(ROOT.length + 1)}: ${specifier}`),
		);
		expect(foreign).toEqual([]);
	});

	it('loads the nodes and the credential, and sends a request, with the AWS SDK and its signer never loaded', async () => {
		await jest.isolateModulesAsync(async () => {
			// The SDK and its signer stay in the project as devDependencies (types, references): the package must not load them.
			for (const library of ['@aws-sdk/client-sfn', '@smithy/signature-v4']) {
				jest.doMock(library, () => {
					throw new Error(`${library} was loaded`);
				});
			}
			const { AwsStepFunctions } = require('../../nodes/AwsStepFunctions/AwsStepFunctions.node');
			const { AwsStepFunctionsTrigger } = require('../../nodes/AwsStepFunctionsTrigger/AwsStepFunctionsTrigger.node');
			const { AwsStepFunctionsActivityTrigger } = require('../../nodes/AwsStepFunctionsActivityTrigger/AwsStepFunctionsActivityTrigger.node');
			const { AwsStepFunctionsApi } = require('../../credentials/AwsStepFunctionsApi.credentials');
			const { executeContext, AWS_CREDENTIALS } = require('../helpers/executeContext');
			expect(new AwsStepFunctionsTrigger().description.name).toBe('awsStepFunctionsTrigger');
			expect(new AwsStepFunctionsActivityTrigger().description.name).toBe('awsStepFunctionsActivityTrigger');
			const credential = new AwsStepFunctionsApi();

			// n8n's helper: the credential signs, and AWS answers.
			const sent: IHttpRequestOptions[] = [];
			const context = executeContext({ credentials: AWS_CREDENTIALS, items: [{ resource: 'task', operation: 'sendTaskHeartbeat', taskToken: 'tok' }] });
			context.helpers.httpRequestWithAuthentication = async (_type: string, options: IHttpRequestOptions, extra?: { credentialsDecrypted?: { data?: ICredentialDataDecryptedObject } }) => {
				sent.push(await credential.authenticate(extra?.credentialsDecrypted?.data ?? AWS_CREDENTIALS, options));
				return { statusCode: 200, headers: {}, body: {} };
			};
			const [[item]] = await new AwsStepFunctions().execute.call(context);
			expect(item.json).toEqual({});
			expect(sent).toHaveLength(1);
			const headers = Object.fromEntries(Object.entries(sent[0].headers as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value]));
			expect(headers['x-amz-target']).toBe('AWSStepFunctions.SendTaskHeartbeat');
			expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEYID0001\//);
		});
	});
});
