"""The words of the polarity lexicon (``cxnlp.text.lexicon``): the project's own lists.

Version 1 is the first list, matched as written against accent-free lemmas. Version 2 adds the
``ADDED_*`` entries (written for cxnlp 0.2: the quality, failure, service and emotion words of reviews,
tweets and surveys, Spain's and Latin America's colloquial ones included) and drops ``DROPPED_*``:
prefixes that caught unrelated words ("engan" caught "enganchar" and missed "engañar", whose ñ stays;
"timo" caught "timón") and words whose lemma is another, neutral word ("borde" is read as "bordar",
the edge of a table as much as a rude waiter).
"""

POSITIVE_WORDS = frozenset("""
bien buen bueno buena buenos buenas rico rica sabroso lindo linda bonito bonita guapo padre chido
copado bacan bacano chevere top genial ideal util facil clara claro comodo comoda limpio limpia
barato barata rapido rapida amable atento atenta cordial gracias agradecer agradecido encantar
gustar recomendar recomendable contento contenta feliz satisfecho satisfecha perfecto perfecta
mejor maravilla lujo diez crack seguro fiable puntual honesto resolver solucionar ayudar cumplir
funcionar acertar acierto fresco fresca calido acogedor simpatico simpatica encantado encantada
comodo comoda robusto robusta solido solida util practico practica recomendable merecer suave
silencioso silenciosa potente nitido nitida chulo chula enamorado enamorada contentisimo gratamente
sorprendido sorprendida cumplidor fiel rapidez eficacia amabilidad calidez limpieza puntualidad
""".split())
POSITIVE_PREFIXES = (
    "excelent", "estupend", "perfect", "maravill", "fantast", "increibl", "encant", "recomend",
    "satisfe", "agrad", "amabil", "eficaz", "eficien", "precios", "hermos", "impecab", "espectacul",
    "fenomenal", "magnific", "exquisit", "delicios", "profesional", "intuitiv", "practic", "resistent",
    "durader", "buenisim", "riquisim", "rapidisim", "facilisim", "comodisim", "limpisim", "baratisim",
    "generos", "transparen", "ejemplar", "sobresalient", "emopos", "felicit", "alucin", "brutal",
)
NEGATIVE_WORDS = frozenset("""
mal malo mala malos malas caro cara caros caras lento lenta tarde tardar demora demorar sucio sucia
roto rota romper fallo fallar falla error problema queja quejar reclamo reclamar peor fatal asco
fome chafa trucho cutre crudo soso sosa rancio frio fria incomodo incomoda dificil complicado
confuso inutil grosero grosera borde antipatico antipatica prepotente odiar horror caos colapso
bloquear colgar estafa estafar robo robar enganar engano mentira mentir fraude ruido ruidoso
perder danar dano quemar cancelar cobrar abuso abusivo decepcion decepcionar triste molestar
molesto harto cansado frustrar frustrado enojar enojado enfadar enfadado indignado vergüenza
verguenza desastre basura porqueria regular mediocre defecto defectuoso deficiente nadie nunca
fragil endeble flojo floja despegar descoser desteñir destenir rayar rayado oxidar oxidado apestar
chapuza birria bazofia mierda escaso escasa insuficiente estropear estropeado averia averiado
incompleto incompleta equivocado equivocada falso falsa falsificado trampa pesadilla horrendo pena
penar lastima lastimar
""".split())
NEGATIVE_PREFIXES = (
    "pesim", "horribl", "terribl", "asquer", "lamentabl", "deplorabl", "nefast", "penos", "vergonz",
    "indign", "frustr", "decepcion", "defectu", "insipid", "peligros", "insegur", "incompeten",
    "negligen", "desorganiz", "desesper", "desagrad", "deficien", "mediocr", "ridicul", "absurd",
    "insoportab", "inaceptab", "malisim", "carisim", "lentisim", "horror", "desastr", "estaf",
    "engan", "tardisim", "sucisim", "emoneg", "inservib", "inutil", "abusiv", "timo", "clavad",
    "larguisim", "interminab", "carisim",
)

ADDED_POSITIVE_WORDS = frozenset("""
abundante accesible acerte acerto adecuar adorable adorar afable agil agiles agilidad agilizar aliviar
amablemente ameno amigable apetitoso aplaudio aplaudir aplauso asequible atinar atractivo bakan belleza bello
beneficioso bienestar brillante buenazo carino cariño cariñoso celeridad cercania chachi cheveres chollazo
chollo claridad cojonudo comodamente comodidad compensar competente complacer complacio comprensivo confiable
confio confort confortable contentar conveniente coqueto correctamente correcto cortesia creativo crujiente
cumpli cumplia cumplian cumplio cuqui dedicacion delicia detallista diligente diverti divertia divertir
divirtio elegante elogiar elogio empatia enamorar enhorabuena entretener entretenido esmerar espacioso
esplender estilosa estiloso excepcional exito expedito facilidad felicidad felizmente festin feten fiabilidad
flexibilidad flexible fluir frescura funcional ganga genialidad gentil gentileza gentilmente genuino gozar
gratificante gratitud guay guays gustazo gustosamente gustoso honestar honestidad honradez honrar hospitalario
hospitalidad impoluto imprescindible ingenioso innovador inolvidable insonorizar intacto interesante jugoso
limpiecito limpito lindar lujazo macanudo majar majete majo manjar memorable mimar mola molan monada mullir
nitidez oasis oportunamente oportuno optima optimo paradisiaco paraiso pasote pinton pintoresco piolar
placentero placer privilegiar prontitud provechoso pulcro puntualmente rapidamente rapidita rapidito razonable
recio reconfortante relax reluciente remansar remediar rendidor resolutivo resolvi resolvia resolvio
respetuoso responsable resulton robustez saludable satisfacer sensacional servicial simpatia simplificar
sobresalio sobresalir solidar solidez solventar sonreir sonrisa suavidad sublimar sublime subsanar suculento
tranquilidad tranquilo triunfar tuanis valioso veloz ventaja versatil vistoso
""".split())
ADDED_NEGATIVE_WORDS = frozenset("""
aborrecer aburri aburria aburrio aburrir abusador abusar aceitoso acosar adefesio aglomeracion agotador agriar
agrietar agrio alarmante amargar amenazar ampollar anarquia anomalia anomalias anticuar antipatia apagon
apatia apelmazar aplastar aprovechador arañazo arrepentir arrugar artimaña asfixiante asquear astillar atascar
atracar atrasar avergonzar avergonzo averiar bajon baratija berreta berretas blandengue bodrio boludez
borderia borroso bug bugs burlar cabrear caca cagar calamidad calvario cansar caradura carecer carecia
carecian carecio carencia carente carero casposo castigar cerdada chafar chamullo chamuscar chamuyo chanta
chantaje chantajear chantas chapuzar charcha chatarra chinchar chingadera chiquero chispazo choreo chorrada
chunga chungo cicatero cochino coima cojear colapsar colgo complicar conazo confusion congestion contaminar
contratiempo corroer corroida corroido corromper corrosion corrupcion cortocircuitar coñazo criminal cucaracha
cuchitril culero cutrez damnificar dañado dañar daño debil debiles degradar dejadez deleznable delincuente
denegar denego denunciar derramar desamparar desasear desatencion desatender desatendio desatento descarar
descomponer desconchar descortes descosido desencolar desenfocar desfachatez desfasar desganar desgarrar
desgastar desgaste desidia desintegrar desinteres desmadrar desmoronar desolador desorbitar despectivo
despelotar desperfecto desproteger destartalado detestar diarrea disconforme disfuncional dudoso eludir
embrollar embustero empeorar emputada emputado enchufismo enclenque encoger encogio engañar engaño engañoso
engorroso enmohecer enrevesado ensordecedor ensuciar entrecortar equivocacion equivocar escacharrar escasez
esperpento estres estresado estridente estruendo estupidez estupido eternidad evadir excesivo fake fallir
falsedad falsificar faltante falton farragoso feo fetido fiasco fisura flaite flaites fulero furia furioso
gacho gandalla garca garcas garron gilipollas gilipollez gomoso gotear gotera grietar grima gritar grito
groseria groserias guache guarro hacinamiento hacinar hackeado hackeo hartar hartazgo hastio hediondo hedor
herrumbrar hijueputa hipocrita hortera hostigamiento hostigar hostil huachafa huachafo hurtar idiota ignorante
ignorar ilegal ilegible imbebible imbecil impertinente impotencia impreciso impresentable impunidad
inaccesible inadmisible inaudito incapaz incidencia incidente incomible inconforme inconveniente incordiar
indecente indefension indefenso indigestion inentendible inestabilidad inestable inexacto inexistente infamar
infestar infierno informalidad infumable inoperante inoperativo inoportuno insalubre insistente insolentar
insulso interferencia intermitente interrumpir interrupcion intragable irregularidad irrisorio jarto joder
jodia jodio kafkiano lag latero lentitud lio mafia mafioso malagradecido malamente malcriar maldito
malentender malentendido malestar malfuncionamiento malhumorar malograr maloliente malparir maluco malware
mamarrachada mamarracho mamera manchar manosear marranada martirio masificar menti mentia mentian mentiroso
mezquino miedo mintio miseria misero moho mosquear mufa mugre multar nausear negar nego nocivo nulo obsoleto
odisea ofender ofendi ofendia ofendio ofensivo oportunista ortivo padecer papelear papelon parpadear pasota
pasotismo patatero pedorra pedorro pelear peligrar pelotudez pelotudo pendejada pendejo percance perdi perdia
perdian perdido perdio perjudicar perjudicial perjuicio peste phishing plagar pobre pocilga postergar
precariedad precario preocupante prepotencia protestar pufo punetero putrefacto puñetero quebradizo quebrar
quebre quebro quilombo rabiar racista ranciar rasgon raspon ratero ratonero rechazar rechinar reclamacion
recochinear repelus repudiar resecar reseco retardar retrasar riesgoso rompi rompia rompian rompio roturar
rozadura roña ruin ruina ruinoso sablazo saturacion saturar sobornar sobreprecio sofocante sospechoso spam
suciedad sufrir suplantacion suplicio susto tacana tacano tacaño tardanza tardio tardo tedioso tercermundista
timador timar timo tomadura tonteria torpe toxica toxico trabar tragedia traicion traicionar tramposo
tristemente tristeza truchos tufo tugurio turbio usura viacrucis violencia vomitar vomitivo zulo zumbido
""".split())
ADDED_POSITIVE_PREFIXES = (
    "afortun", "alegr", "atentisim", "bacanisim", "bonic", "bonisim", "buenard", "carinos", "centric",
    "chiler", "chingon", "chulisim", "completisim", "confia", "copadisim", "deleit", "disfrut", "divin",
    "emocionant", "empatic", "enriquecedor", "entusiasm", "ergonomic", "esponjos", "exitos", "fabulos",
    "fascin", "formidab", "guapisim", "idilic", "idone", "inmejorab", "insuperab", "lindisim", "lujos",
    "majisim", "molon", "monisim", "padrisim", "pulent", "relajant", "sabrosisim", "satisfactori",
    "simpatiquisim", "tranquilisim", "utilisim", "ventajos",
)
ADDED_NEGATIVE_PREFIXES = (
    "aboll", "agobi", "agresiv", "angusti", "antihigien", "apatic", "arrogan", "bochorn", "burocra", "caotic",
    "catastrof", "chapuc", "chirri", "cinic", "claustrof", "cochambr", "corrupt", "danin", "dañin", "decaden",
    "deform", "defraud", "deprim", "desabrid", "desactualizad", "desafortun", "desalent", "desanim",
    "descascar", "descolor", "desconfi", "desconfigur", "desconsider", "descontent", "descuid", "desgraci",
    "deshilach", "desilusion", "desorden", "despot", "desprec", "desprolij", "desproporcion", "deterior",
    "discrimin", "disgust", "distorsion", "encabron", "engañ", "errone", "escandal", "espant", "estresant",
    "exasper", "extorsi", "extravi", "fastidi", "feisim", "fracas", "fraudulent", "grasient", "guarrad",
    "humill", "imperfec", "impuntual", "inadecuad", "inaguantab", "inapropiad", "incomod", "incompatib",
    "incomprensib", "incorrect", "incumpl", "indebid", "inefica", "ineficien", "inept", "injust", "insatisf",
    "insufrib", "insult", "intolerab", "intoxic", "irrespet", "irresponsab", "irrita", "ladron", "maleduc",
    "maltrat", "miserab", "mohos", "molest", "mugrient", "mugros", "nauseabund", "ningune", "patetic",
    "pegajos", "penaliz", "pestilen", "pixelad", "pringos", "problemat", "raquitic", "repugn", "resquebraj",
    "roños", "sinverg", "sobrecalent", "sobrefactur", "tambale", "tortur", "tragic", "usurer", "violent",
)
DROPPED_WORDS = frozenset({"borde", "sorprendido", "sorprendida"})
DROPPED_PREFIXES = ("engan", "timo")
