// Fragments the history generator composes request descriptions and staff comments from, in English and
// Spanish. `what` is a noun phrase (used in call-taker and field notes: "Caller reports {what}."), `say` is
// what a resident writes. `{ph}` is replaced by the phrase for the answer to question `ph.question`,
// `{n:code}` by an answer's raw value.

export type Bi = [en: string[], es: string[]];

export interface TextSpec {
  what: Bi;
  say: Bi;
  ph?: { question: string; values: Record<string, [en: string | string[], es: string | string[]]> };
}

export const TEXTS: Record<string, TextSpec> = {
  pothole: {
    ph: {
      question: 'size',
      values: {
        small: [['small pothole', 'pothole'], ['bache pequeño', 'bache']],
        medium: [['pothole about the size of a tire', 'big pothole', 'pothole'], ['bache del tamaño de una llanta', 'bache grande', 'bache']],
        large: [['huge pothole', 'very large pothole', 'deep pothole'], ['bache enorme', 'bache muy grande', 'bache profundo']],
      },
    },
    what: [
      ['a {ph} in the street', 'a {ph} in the roadway', 'a {ph}'],
      ['un {ph} en la calle', 'un {ph} en el pavimento', 'un {ph}'],
    ],
    say: [
      [
        'There is a {ph} in the street.',
        'Big hole in the road, cars keep hitting it.',
        'The pothole is getting bigger every day.',
        'A {ph} opened up after the rain.',
        'Several potholes along this stretch, one is really deep.',
        'Almost blew out my tire on this {ph}.',
        'Pothole right where cars turn, you have to swerve to avoid it.',
      ],
      [
        'Hay un {ph} en la calle.',
        'Hay un hoyo grande en la calle y los carros le pegan.',
        'El bache está cada día más grande.',
        'Se abrió un {ph} después de la lluvia.',
        'Hay varios baches en esta parte de la calle, uno muy profundo.',
        'Casi se me revienta una llanta en este {ph}.',
        'Hay un bache justo donde dan vuelta los carros y hay que esquivarlo.',
      ],
    ],
  },
  sidewalk_damage: {
    ph: {
      question: 'problem',
      values: {
        uplifted: ['raised sidewalk', 'acera levantada'],
        cracked: ['cracked sidewalk', 'acera agrietada'],
        missing: ['missing piece of sidewalk', 'pedazo de acera que falta'],
        curb_ramp: ['broken curb ramp', 'rampa rota'],
      },
    },
    what: [['a {ph}', 'a trip hazard: {ph}'], ['una {ph}', 'un peligro de tropiezo: {ph}']],
    say: [
      [
        'The sidewalk is lifted by the tree roots, people trip here.',
        'Raised sidewalk, my neighbor fell last week.',
        'Hard to get by with a wheelchair or stroller because of the {ph}.',
        'Sidewalk is broken and uneven in front of the house.',
        'Big crack in the sidewalk, about two inches high.',
      ],
      [
        'Las raíces del árbol levantaron la acera y la gente se tropieza.',
        'La acera está levantada, mi vecina se cayó la semana pasada.',
        'Es difícil pasar con silla de ruedas o carriola por la {ph}.',
        'La acera está rota y desnivelada enfrente de la casa.',
        'Hay una grieta grande en la acera, como de dos pulgadas de alto.',
      ],
    ],
  },
  street_sweeping: {
    what: [['a missed street sweeping', 'leaves and debris in the gutter'], ['que no pasó la barredora', 'hojas y basura en la cuneta']],
    say: [
      [
        'The street sweeper did not come this week.',
        'Leaves are piled up in the gutter and block the water.',
        'Sweeper skipped our block again even though we moved the cars.',
        'Lots of debris along the curb, please sweep.',
      ],
      [
        'La barredora no pasó esta semana.',
        'Hay muchas hojas acumuladas en la cuneta y no dejan pasar el agua.',
        'La barredora se saltó nuestra cuadra otra vez aunque movimos los carros.',
        'Hay mucha basura junto al bordillo, por favor barran.',
      ],
    ],
  },
  storm_drain: {
    what: [['a clogged storm drain', 'a blocked catch basin'], ['un desagüe pluvial tapado', 'una coladera tapada']],
    say: [
      [
        'Storm drain is full of trash and leaves.',
        'Water is not going down the drain, the street floods when it rains.',
        'Catch basin is clogged and smells bad.',
        'Someone dumped paint in the storm drain.',
      ],
      [
        'El desagüe está lleno de basura y hojas.',
        'El agua no se va por el desagüe y la calle se inunda cuando llueve.',
        'La coladera está tapada y huele mal.',
        'Alguien tiró pintura en el desagüe pluvial.',
      ],
    ],
  },
  traffic_sign: {
    ph: {
      question: 'sign_type',
      values: {
        stop: ['stop sign', 'señal de alto'],
        yield: ['yield sign', 'señal de ceda el paso'],
        street_name: ['street name sign', 'letrero con el nombre de la calle'],
        speed_limit: ['speed limit sign', 'señal de límite de velocidad'],
        no_parking: ['parking sign', 'letrero de estacionamiento'],
        other: ['traffic sign', 'señal de tránsito'],
      },
    },
    what: [['a damaged {ph}', 'a {ph} that is down or missing'], ['un letrero dañado ({ph})', 'un letrero caído o faltante ({ph})']],
    say: [
      [
        'The {ph} at the corner is knocked down.',
        'Somebody hit the {ph}, it is lying on the ground.',
        'The {ph} is missing, only the post is left.',
        'Tree branches cover the {ph}, you cannot see it until you are there.',
        'The {ph} is so faded you cannot read it.',
      ],
      [
        'Tumbaron el letrero de la esquina ({ph}).',
        'Alguien chocó contra el poste y el letrero ({ph}) está en el suelo.',
        'Falta el letrero ({ph}), solo quedó el poste.',
        'Las ramas tapan el letrero ({ph}) y no se ve hasta que uno está encima.',
        'El letrero ({ph}) está tan descolorido que no se puede leer.',
      ],
    ],
  },
  road_debris: {
    ph: {
      question: 'debris_type',
      values: {
        tire: ['a tire', 'una llanta'],
        furniture: ['a couch', 'un sillón'],
        branches: ['a big branch', 'una rama grande'],
        spill: ['gravel spilled from a truck', 'grava que tiró un camión'],
        dead_animal: ['a dead animal', 'un animal muerto'],
        other: ['some debris', 'unos objetos'],
      },
    },
    what: [['{ph} in the roadway', '{ph} in a traffic lane'], ['{ph} en la calle', '{ph} en un carril']],
    say: [
      [
        'There is {ph} in the middle of the street.',
        '{ph} in the lane, cars are swerving around it.',
        '{ph} blocking part of the road, it is dangerous.',
      ],
      ['Hay {ph} en medio de la calle.', 'Hay {ph} en el carril y los carros lo esquivan.', 'Hay {ph} bloqueando parte de la calle, es peligroso.'],
    ],
  },
  dead_animal: {
    ph: {
      question: 'animal',
      values: {
        cat: ['dead cat', 'gato muerto'],
        dog: ['dead dog', 'perro muerto'],
        bird: ['dead bird', 'pájaro muerto'],
        opossum_raccoon: [['dead opossum', 'dead raccoon'], ['tlacuache muerto', 'mapache muerto']],
        coyote: ['dead coyote', 'coyote muerto'],
        other: ['dead animal', 'animal muerto'],
      },
    },
    what: [['a {ph}', 'a {ph} to pick up'], ['un {ph}', 'un {ph} que hay que recoger']],
    say: [
      [
        'There is a {ph} in the street.',
        'A {ph} has been on the sidewalk since yesterday.',
        '{ph} by the curb, it is starting to smell.',
        'Please pick up the {ph}, kids walk by here.',
      ],
      [
        'Hay un {ph} en la calle.',
        'Hay un {ph} en la acera desde ayer.',
        'Hay un {ph} junto al bordillo y ya empieza a oler.',
        'Por favor recojan el {ph}, por aquí pasan niños.',
      ],
    ],
  },
  missed_trash_pickup: {
    what: [['a missed trash pickup', 'carts not emptied on collection day'], ['que no recogieron la basura', 'contenedores que no vaciaron el día de recolección']],
    say: [
      [
        'Trash truck did not come to our street today.',
        'My carts were out at 6 am and they were not emptied.',
        'They picked up the neighbors but skipped my house.',
        'Recycling was not picked up this week.',
        'Green waste cart still full, the truck never came.',
      ],
      [
        'El camión de la basura no pasó hoy por nuestra calle.',
        'Saqué los contenedores a las 6 de la mañana y no los vaciaron.',
        'Recogieron la basura de los vecinos pero se saltaron mi casa.',
        'No recogieron el reciclaje esta semana.',
        'El contenedor verde sigue lleno, el camión nunca pasó.',
      ],
    ],
  },
  bulky_item_pickup: {
    what: [['a bulky item pickup ({n:item_count} {p:item_count:item:items})', 'a pickup of large items'], ['una recolección de artículos voluminosos ({n:item_count})', 'que recojan artículos grandes']],
    say: [
      [
        'I need a pickup for an old couch and a mattress.',
        'Please schedule a bulky pickup, {n:item_count} {p:item_count:item:items}.',
        'We are moving and have some furniture to throw away.',
        'Old refrigerator and a TV for pickup.',
      ],
      [
        'Necesito que recojan un sillón viejo y un colchón.',
        'Por favor programen una recolección de {n:item_count} {p:item_count:artículo:artículos}.',
        'Nos estamos mudando y tenemos unos muebles para tirar.',
        'Un refrigerador viejo y una televisión para recoger.',
      ],
    ],
  },
  trash_schedule_question: {
    ph: {
      question: 'topic',
      values: {
        collection_day: ['my trash collection day', 'mi día de recolección de basura'],
        holiday: ['the holiday trash schedule', 'el horario de basura en días feriados'],
        carts: ['getting a bigger or extra cart', 'cómo conseguir un contenedor más grande o adicional'],
        sorting: ['what goes in the green and blue carts', 'qué va en el contenedor verde y en el azul'],
      },
    },
    what: [['a question about {ph}'], ['una pregunta sobre {ph}']],
    say: [
      ['Question about {ph}.', 'Can someone tell me about {ph}?', 'I need information about {ph}.', 'Hi, I have a question about {ph}.'],
      ['Pregunta sobre {ph}.', '¿Me pueden informar sobre {ph}?', 'Necesito información sobre {ph}.', 'Hola, tengo una pregunta sobre {ph}.'],
    ],
  },
  graffiti: {
    ph: {
      question: 'surface',
      values: {
        wall: [['the wall of the building', 'the side of the building'], ['la pared del edificio', 'el costado del edificio']],
        fence: [['the block wall', 'the fence'], ['la barda', 'la cerca']],
        utility_box: ['the utility box', 'la caja de servicios'],
        pole: [['the light pole', 'a pole'], ['el poste de luz', 'un poste']],
        sign: [['the stop sign', 'a street sign'], ['la señal de alto', 'un letrero']],
        sidewalk: [['the sidewalk', 'the street'], ['la acera', 'la calle']],
        bus_stop: [['the bus stop bench', 'the bus shelter'], ['la banca de la parada', 'la parada del autobús']],
        other: [['a trash can', 'the alley wall'], ['un bote de basura', 'la pared del callejón']],
      },
    },
    what: [['graffiti on {ph}', 'tagging on {ph}', 'new graffiti on {ph}'], ['grafiti en {ph}', 'pintas en {ph}', 'grafiti nuevo en {ph}']],
    say: [
      [
        'Graffiti on {ph}.',
        'Someone tagged {ph} last night.',
        'New tagging on {ph}, looks like gang stuff.',
        'There is graffiti all over {ph}.',
        'Spray paint on {ph} again.',
        'They tagged {ph} again, this is the third time this month.',
        'Graffiti on {ph} facing the street.',
      ],
      [
        'Hay grafiti en {ph}.',
        'Anoche alguien pintó {ph}.',
        'Hay pintas nuevas en {ph}, parecen de pandilla.',
        'Hay mucho grafiti en {ph}.',
        'Otra vez pintaron {ph} con aerosol.',
        'Volvieron a rayar {ph}, es la tercera vez este mes.',
        'Grafiti en {ph} del lado de la calle.',
      ],
    ],
  },
  illegal_dumping: {
    ph: {
      question: 'items',
      values: {
        furniture: [['an old couch', 'some furniture'], ['un sillón viejo', 'unos muebles']],
        mattress: [['a mattress', 'two mattresses'], ['un colchón', 'dos colchones']],
        tires: [['a pile of tires', 'old tires'], ['un montón de llantas', 'llantas viejas']],
        appliance: [['an old washer', 'a refrigerator'], ['una lavadora vieja', 'un refrigerador']],
        construction: [['construction debris', 'broken drywall and wood'], ['escombro de construcción', 'tablaroca y madera rota']],
        household_trash: [['bags of trash', 'household trash'], ['bolsas de basura', 'basura de casa']],
        yard_waste: [['yard waste', 'tree trimmings'], ['desechos de jardín', 'ramas de árbol']],
        other: [['a bunch of junk', 'stuff'], ['un montón de cachivaches', 'cosas']],
      },
    },
    what: [['{ph} dumped on the sidewalk', 'dumped items: {ph}', '{ph} dumped in the alley'], ['objetos tirados en la acera: {ph}', 'objetos tirados: {ph}', 'objetos tirados en el callejón: {ph}']],
    say: [
      [
        'Someone dumped {ph} on the sidewalk.',
        '{ph} left by the curb, it has been there for days.',
        'People keep dumping stuff here. Now there is {ph}.',
        'Illegal dumping: {ph} in the alley.',
        'A truck stopped and left {ph} here last night.',
      ],
      [
        'Alguien tiró {ph} en la acera.',
        'Dejaron {ph} junto al bordillo y lleva días ahí.',
        'La gente sigue tirando cosas aquí. Ahora hay {ph}.',
        'Tiraron {ph} en el callejón.',
        'Anoche una camioneta se paró y dejó {ph} aquí.',
      ],
    ],
  },
  shopping_carts: {
    what: [['{n:cart_count} abandoned shopping {p:cart_count:cart:carts}', 'abandoned shopping carts'], ['{n:cart_count} {p:cart_count:carrito abandonado:carritos abandonados}', 'carritos de supermercado abandonados']],
    say: [
      [
        'Shopping carts left on the sidewalk.',
        '{n:cart_count} shopping {p:cart_count:cart:carts} abandoned here for days.',
        'Somebody left a cart in the middle of the street.',
      ],
      [
        'Dejaron carritos del supermercado en la acera.',
        'Hay {n:cart_count} {p:cart_count:carrito abandonado:carritos abandonados} aquí desde hace días.',
        'Alguien dejó un carrito en medio de la calle.',
      ],
    ],
  },
  encampment: {
    what: [['an encampment', 'people living in tents', 'a person who may need services'], ['un campamento', 'personas viviendo en tiendas de campaña', 'una persona que podría necesitar ayuda']],
    say: [
      [
        'Tents set up on the sidewalk, hard to walk by.',
        'A man has been sleeping here for a week and seems to need help.',
        'Encampment growing under the bridge.',
        'People camping by the wash, lots of trash around.',
      ],
      [
        'Pusieron tiendas de campaña en la acera y es difícil pasar.',
        'Un señor lleva una semana durmiendo aquí y parece que necesita ayuda.',
        'El campamento debajo del puente está creciendo.',
        'Hay gente acampando junto al canal y mucha basura alrededor.',
      ],
    ],
  },
  general_question: {
    ph: {
      question: 'topic',
      values: {
        hours: ['City Hall hours', 'el horario del Ayuntamiento'],
        billing: ['my water bill', 'mi factura del agua'],
        events: ['upcoming city events', 'los próximos eventos de la ciudad'],
        council: ['the next City Council meeting', 'la próxima reunión del Concejo'],
        other: ['a city service', 'un servicio de la ciudad'],
      },
    },
    what: [['a question about {ph}'], ['una pregunta sobre {ph}']],
    say: [
      ['Question about {ph}.', 'Who can help me with {ph}?', 'I need information about {ph}.', 'Hello, I have a question about {ph}.'],
      ['Pregunta sobre {ph}.', '¿Quién me puede ayudar con {ph}?', 'Necesito información sobre {ph}.', 'Hola, tengo una pregunta sobre {ph}.'],
    ],
  },
  water_leak: {
    ph: {
      question: 'severity',
      values: {
        trickle: [['small leak', 'wet spot that never dries'], ['fuga pequeña', 'mancha de agua que nunca se seca']],
        steady: [['water leak', 'steady leak'], ['fuga de agua', 'fuga constante']],
        gushing: [['water main break', 'big leak gushing water'], ['tubería rota', 'fuga grande que sale a chorros']],
      },
    },
    what: [['a {ph}', 'a {ph} by the meter'], ['una {ph}', 'una {ph} junto al medidor']],
    say: [
      [
        'There is a {ph} in the street.',
        'Water coming up through the sidewalk.',
        'Water running down the gutter for two days, no rain.',
        'The meter box is full of water.',
        'Water is bubbling out of the asphalt.',
      ],
      [
        'Hay una {ph} en la calle.',
        'Está saliendo agua por la acera.',
        'Lleva dos días corriendo agua por la cuneta y no ha llovido.',
        'La caja del medidor está llena de agua.',
        'Está brotando agua del pavimento.',
      ],
    ],
  },
  sewer_backup: {
    what: [['a sewer overflow', 'sewage coming out of a manhole', 'a sewer backup'], ['un desbordamiento del drenaje', 'aguas negras saliendo de una alcantarilla', 'el drenaje tapado']],
    say: [
      [
        'Sewage coming out of the manhole in the street.',
        'Toilets backing up and the cleanout is overflowing.',
        'Strong sewer smell and water coming up from the manhole.',
      ],
      [
        'Están saliendo aguas negras de la alcantarilla en la calle.',
        'Los baños se regresan y el registro se está desbordando.',
        'Huele muy fuerte a drenaje y sale agua de la alcantarilla.',
      ],
    ],
  },
  low_water_pressure: {
    what: [['low water pressure', 'very little water pressure at the house'], ['baja presión de agua', 'muy poca presión de agua en la casa']],
    say: [
      ['Very low water pressure since this morning.', 'Hardly any water comes out of the shower.', 'Water pressure dropped on the whole street.'],
      ['Muy poca presión de agua desde esta mañana.', 'Casi no sale agua de la regadera.', 'Bajó la presión del agua en toda la calle.'],
    ],
  },
  water_waste: {
    ph: {
      question: 'waste_type',
      values: {
        runoff: ['sprinkler water running into the street', 'agua de los aspersores corriendo a la calle'],
        broken_sprinkler: ['a broken sprinkler spraying water', 'un aspersor roto tirando agua'],
        wrong_time: ['sprinklers on in the middle of the day', 'aspersores prendidos a mediodía'],
        during_rain: ['sprinklers running in the rain', 'aspersores funcionando mientras llueve'],
        hosing_pavement: ['someone hosing down the driveway', 'alguien lavando la entrada con manguera'],
      },
    },
    what: [['water waste: {ph}', '{ph}'], ['desperdicio de agua: {ph}', '{ph}']],
    say: [
      ['Water waste: {ph}.', 'Every day there is {ph} at this house.', 'Neighbor has {ph}, what a waste during the drought.'],
      ['Desperdicio de agua: {ph}.', 'Todos los días hay {ph} en esta casa.', 'El vecino tiene {ph}, qué desperdicio en plena sequía.'],
    ],
  },
  fire_hydrant: {
    ph: {
      question: 'problem',
      values: {
        leaking: ['leaking fire hydrant', 'hidrante que gotea'],
        open: ['open fire hydrant', 'hidrante abierto'],
        knocked_over: ['knocked-over fire hydrant', 'hidrante derribado'],
        blocked: ['fire hydrant blocked by bushes', 'hidrante tapado por arbustos'],
      },
    },
    what: [['a {ph}'], ['un {ph}']],
    say: [
      ['There is a {ph} on the corner.', 'A car hit the hydrant, water everywhere.', 'Kids opened the hydrant.', 'The hydrant has been leaking for days.'],
      ['Hay un {ph} en la esquina.', 'Un carro chocó contra el hidrante y hay agua por todos lados.', 'Unos muchachos abrieron el hidrante.', 'El hidrante lleva días goteando.'],
    ],
  },
  tree_down: {
    ph: {
      question: 'blocking',
      values: {
        street: ['blocking the street', 'bloqueando la calle'],
        sidewalk: ['blocking the sidewalk', 'bloqueando la acera'],
        both: ['blocking the street and sidewalk', 'bloqueando la calle y la acera'],
        nothing: ['in the parkway', 'en la franja verde'],
      },
    },
    what: [['a fallen tree {ph}', 'a large branch down {ph}'], ['un árbol caído {ph}', 'una rama grande caída {ph}']],
    say: [
      ['A big branch fell {ph}.', 'Tree fell over in the wind, {ph}.', 'Tree down {ph}, cars cannot get through.', 'Large limb came down last night {ph}.'],
      ['Se cayó una rama grande {ph}.', 'Con el viento se cayó un árbol, está {ph}.', 'Hay un árbol caído {ph} y no pasan los carros.', 'Anoche se cayó una rama grande, está {ph}.'],
    ],
  },
  tree_trimming: {
    ph: {
      question: 'reason',
      values: {
        low_branches: ['low branches over the sidewalk', 'ramas muy bajas sobre la acera'],
        blocking_sign_light: ['branches covering the streetlight', 'ramas que tapan la luz de la calle'],
        dead: ['a dead tree', 'un árbol seco'],
        overgrown: ['a tree touching the house', 'un árbol que ya toca la casa'],
      },
    },
    what: [['a tree that needs trimming: {ph}', 'a city tree that needs trimming ({ph})'], ['un árbol que necesita poda: {ph}', 'un árbol de la ciudad que necesita poda ({ph})']],
    say: [
      ['The parkway tree needs trimming, {ph}.', 'Please trim the tree in front of my house: {ph}.', 'The tree has not been trimmed in years, {ph}.', 'Request tree trimming. There are {ph}.'],
      ['El árbol de la franja verde necesita poda: {ph}.', 'Por favor poden el árbol enfrente de mi casa: {ph}.', 'Hace años que no podan el árbol: {ph}.', 'Solicito poda de árbol. Hay {ph}.'],
    ],
  },
  park_maintenance: {
    ph: {
      question: 'problem',
      values: {
        trash: ['overflowing trash cans', 'botes de basura llenos'],
        bench_table: ['a broken picnic table', 'una mesa de picnic rota'],
        lights: ['lights out at night', 'luces apagadas en la noche'],
        turf: ['holes in the soccer field', 'hoyos en la cancha de fútbol'],
        vandalism: ['vandalism', 'vandalismo'],
        other: ['something that needs fixing', 'algo que hay que arreglar'],
      },
    },
    what: [['{ph} at the park', 'park maintenance: {ph}'], ['{ph} en el parque', 'mantenimiento del parque: {ph}']],
    say: [
      ['Problem at the park: {ph}.', 'Park needs attention: {ph}.', 'We go to this park every weekend and noticed {ph}.'],
      ['En el parque hay {ph}.', 'El parque necesita atención: {ph}.', 'Vamos a este parque cada fin de semana y hay {ph}.'],
    ],
  },
  playground_equipment: {
    ph: {
      question: 'equipment',
      values: {
        swing: ['broken swing', 'columpio roto'],
        slide: ['cracked slide', 'resbaladilla rota'],
        climber: ['broken climbing structure', 'estructura para escalar rota'],
        surfacing: ['torn rubber surface', 'piso de hule roto'],
        shade: ['torn shade cover', 'toldo de sombra roto'],
      },
    },
    what: [['a {ph} at the playground'], ['un juego dañado en el área de juegos: {ph}']],
    say: [
      ['{ph} at the playground, a child almost got hurt.', 'The playground has a {ph}.', 'Please fix the {ph}, it is dangerous for the kids.'],
      ['Hay un problema en el área de juegos: {ph}. Casi se lastima un niño.', 'El área de juegos tiene un problema: {ph}.', 'Por favor arreglen el juego ({ph}), es peligroso para los niños.'],
    ],
  },
  park_restroom: {
    ph: {
      question: 'problem',
      values: {
        dirty: ['very dirty restrooms', 'baños muy sucios'],
        no_supplies: ['no toilet paper or soap', 'no hay papel ni jabón'],
        locked: ['restrooms locked', 'baños cerrados con llave'],
        clogged: ['a clogged toilet', 'un inodoro tapado'],
        vandalized: ['vandalized restrooms', 'baños vandalizados'],
      },
    },
    what: [['park restroom: {ph}'], ['baños del parque: {ph}']],
    say: [
      ['Park restroom: {ph}.', 'At the park today: {ph}.', 'Restrooms are a problem again: {ph}.'],
      ['Baños del parque: {ph}.', 'Hoy en el parque: {ph}.', 'Otra vez hay problema con los baños: {ph}.'],
    ],
  },
  irrigation_leak: {
    what: [['a broken sprinkler', 'an irrigation leak'], ['un aspersor roto', 'una fuga en el riego']],
    say: [
      ['Broken sprinkler shooting water into the street.', 'Sprinkler in the median has been running all day.', 'Irrigation leak, the grass is flooded.'],
      ['Hay un aspersor roto que echa agua a la calle.', 'El aspersor del camellón lleva todo el día prendido.', 'Hay una fuga en el riego y el pasto está inundado.'],
    ],
  },
  streetlight_out: {
    ph: {
      question: 'problem',
      values: {
        out: [['streetlight out', 'streetlight not working'], ['luz de la calle apagada', 'luz de la calle que no funciona']],
        flickering: ['flickering streetlight', 'luz de la calle que parpadea'],
        day_burner: ['streetlight on during the day', 'luz de la calle encendida de día'],
        damaged_pole: ['leaning light pole', 'poste de luz inclinado'],
        exposed_wires: ['light pole with exposed wires', 'poste de luz con cables expuestos'],
      },
    },
    what: [['a {ph}'], ['una {ph}']],
    say: [
      ['{ph}, the block is very dark at night.', 'Streetlight has been out for two weeks.', 'The light in front of my house keeps turning on and off.', 'Two lights out in a row on this street.', '{ph}. Pole number is on the tag.'],
      ['Hay una {ph} y la cuadra está muy oscura de noche.', 'La luz de la calle lleva dos semanas apagada.', 'La luz enfrente de mi casa se prende y se apaga.', 'Hay dos luces seguidas apagadas en esta calle.', 'Hay una {ph}. El número del poste está en la placa.'],
    ],
  },
  traffic_signal: {
    ph: {
      question: 'problem',
      values: {
        dark: ['traffic signal completely dark', 'semáforo completamente apagado'],
        flashing: ['traffic signal flashing red', 'semáforo en rojo intermitente'],
        stuck: ['traffic signal stuck on red', 'semáforo atorado en rojo'],
        timing: ['left-turn green too short', 'flecha verde demasiado corta'],
        ped_button: ['pedestrian button not working', 'botón peatonal que no funciona'],
        damaged: ['signal pole hit by a car', 'poste del semáforo chocado'],
      },
    },
    what: [['{ph}'], ['{ph}']],
    say: [
      ['Traffic light problem: {ph}.', 'The signal at this intersection: {ph}, almost saw a crash.', '{ph} at the intersection.'],
      ['Problema con el semáforo: {ph}.', 'El semáforo de este cruce: {ph}, casi hay un choque.', '{ph} en el cruce.'],
    ],
  },
  abandoned_vehicle: {
    ph: {
      question: 'colour',
      values: {
        white: ['white', 'blanco'],
        black: ['black', 'negro'],
        silver: ['silver', 'plateado'],
        gray: ['gray', 'gris'],
        red: ['red', 'rojo'],
        blue: ['blue', 'azul'],
        green: ['green', 'verde'],
        tan: ['tan', 'color beige'],
        other: ['old', 'viejo'],
      },
    },
    what: [['an abandoned {ph} vehicle, parked for {n:days_parked} days', 'a {ph} car that has not moved in {n:days_parked} days'], ['un vehículo {ph} abandonado, estacionado desde hace {n:days_parked} días', 'un carro {ph} que no se ha movido en {n:days_parked} días']],
    say: [
      [
        'A {ph} car has been parked here for {n:days_parked} days without moving.',
        'Abandoned {ph} vehicle, flat tires and dust all over it.',
        'This {ph} car has not moved in weeks, plate {n:plate}.',
        'Car parked in front of my house for {n:days_parked} days, nobody knows whose it is.',
      ],
      [
        'Un carro {ph} lleva {n:days_parked} días estacionado aquí sin moverse.',
        'Vehículo {ph} abandonado, con las llantas ponchadas y lleno de polvo.',
        'Este carro {ph} no se ha movido en semanas, placa {n:plate}.',
        'Hay un carro estacionado enfrente de mi casa desde hace {n:days_parked} días y nadie sabe de quién es.',
      ],
    ],
  },
  blocked_driveway: {
    what: [['a vehicle blocking a driveway', 'a blocked driveway'], ['un vehículo bloqueando una cochera', 'una entrada de cochera bloqueada']],
    say: [
      ['A car is blocking my driveway and I cannot get out for work.', 'Someone parked across my driveway.', 'Blocked driveway, the car has been there since last night.'],
      ['Un carro está bloqueando mi cochera y no puedo salir a trabajar.', 'Alguien se estacionó enfrente de mi cochera.', 'Tienen bloqueada mi entrada, el carro está ahí desde anoche.'],
    ],
  },
  illegal_parking: {
    ph: {
      question: 'violation',
      values: {
        red_curb: ['parked at a red curb', 'estacionado junto al bordillo rojo'],
        hydrant: ['parked next to a fire hydrant', 'estacionado junto a un hidrante'],
        sidewalk: ['parked on the sidewalk', 'estacionado sobre la acera'],
        double_parked: ['double-parked', 'estacionado en doble fila'],
        disabled_space: ['in a disabled space without a placard', 'en un espacio para discapacitados sin permiso'],
        sweeping_day: ['parked on street sweeping day', 'estacionado el día de barrido'],
        time_limit: ['parked over the time limit', 'estacionado más tiempo del permitido'],
      },
    },
    what: [['a vehicle {ph}', 'illegal parking: {ph}'], ['un vehículo {ph}', 'estacionamiento ilegal: {ph}']],
    say: [
      ['Car {ph} every day.', 'There is a truck {ph}.', 'Vehicles {ph}, nobody ever tickets them.'],
      ['Hay un carro {ph} todos los días.', 'Hay una camioneta {ph}.', 'Hay vehículos {ph} y nunca les ponen multa.'],
    ],
  },
  oversized_vehicle: {
    ph: {
      question: 'vehicle_type',
      values: {
        rv: ['an RV', 'una casa rodante'],
        trailer: ['a trailer', 'un remolque'],
        boat: ['a boat on a trailer', 'una lancha en su remolque'],
        commercial_truck: ['a big rig', 'un tráiler'],
      },
    },
    what: [['{ph} parked on a residential street'], ['{ph} en una calle residencial']],
    say: [
      ['{ph} has been parked on our street for a week.', 'There is {ph} parked overnight blocking the view.', '{ph} parked here, looks like someone lives in it.'],
      ['Hay {ph} en nuestra calle desde hace una semana.', 'Dejan {ph} toda la noche en la calle y no deja ver.', 'Hay {ph} en la calle y parece que alguien vive adentro.'],
    ],
  },
  overgrown_lot: {
    what: [['an overgrown vacant lot', 'tall weeds and trash on a lot'], ['un terreno baldío con maleza', 'maleza alta y basura en un terreno']],
    say: [
      ['Vacant lot full of dry weeds, it is a fire hazard.', 'The weeds are taller than the fence.', 'Empty lot with trash and weeds, rats coming out.', 'The pool at the empty house is green with mosquitoes.'],
      ['El terreno baldío está lleno de hierba seca, es un peligro de incendio.', 'La maleza ya está más alta que la cerca.', 'Terreno vacío con basura y maleza, salen ratas.', 'La alberca de la casa desocupada está verde y llena de mosquitos.'],
    ],
  },
  property_maintenance: {
    what: [['a property maintenance violation', 'junk and neglect at a property'], ['una infracción de mantenimiento de propiedad', 'cachivaches y descuido en una propiedad']],
    say: [
      ['The front yard is full of junk and old furniture.', 'House has broken windows and trash everywhere.', 'Neighbor has three cars that do not run on the lawn.', 'The apartment building fence is falling down.'],
      ['El patio de enfrente está lleno de cachivaches y muebles viejos.', 'La casa tiene ventanas rotas y basura por todos lados.', 'El vecino tiene tres carros descompuestos en el jardín.', 'La cerca del edificio de departamentos se está cayendo.'],
    ],
  },
  unpermitted_construction: {
    what: [['construction without a permit', 'possible unpermitted work'], ['construcción sin permiso', 'posible obra sin permiso']],
    say: [
      ['Neighbor is converting the garage into a room, I do not think they have a permit.', 'They are building an addition in the back, no permit posted.', 'Construction noise every weekend, a new wall going up.'],
      ['El vecino está convirtiendo la cochera en cuarto, no creo que tenga permiso.', 'Están construyendo un cuarto atrás y no hay permiso a la vista.', 'Ruido de construcción todos los fines de semana, están levantando una barda nueva.'],
    ],
  },
  street_vending: {
    what: [['a street vendor without a permit', 'sidewalk vending'], ['un vendedor ambulante sin permiso', 'venta en la acera']],
    say: [
      ['Vendor set up on the sidewalk every afternoon, hard to walk by.', 'Food cart blocking the sidewalk by the bus stop.', 'Several vendors in front of the market on weekends.'],
      ['Un vendedor se pone en la acera todas las tardes y no se puede pasar.', 'Un carrito de comida bloquea la acera junto a la parada.', 'Hay varios vendedores enfrente del mercado los fines de semana.'],
    ],
  },
  illegal_signs: {
    what: [['illegal signs on poles ({n:sign_count})', 'signs stapled to poles'], ['letreros ilegales en postes ({n:sign_count})', 'letreros engrapados en los postes']],
    say: [
      ['Lots of signs stapled to the light poles.', '"We buy houses" signs on every corner, {n:sign_count} of them.', 'Yard sale signs left up for weeks.'],
      ['Hay muchos letreros engrapados en los postes.', 'Hay letreros de "compramos casas" en cada esquina, {n:sign_count} en total.', 'Dejaron los letreros de venta de garaje por semanas.'],
    ],
  },
  permit_question: {
    ph: {
      question: 'topic',
      values: {
        building: ['a building permit for a remodel', 'un permiso de construcción para remodelar'],
        fence_wall: ['a permit for a fence', 'un permiso para una cerca'],
        yard_sale: ['a yard sale permit', 'un permiso de venta de garaje'],
        business_license: ['a business license', 'una licencia de negocio'],
        special_event: ['a block party permit', 'un permiso para una fiesta en la calle'],
      },
    },
    what: [['a question about {ph}'], ['una pregunta sobre {ph}']],
    say: [
      ['How do I get {ph}?', 'Do I need {ph}?', 'Question about {ph}.', 'What does {ph} cost?'],
      ['¿Cómo obtengo {ph}?', '¿Necesito {ph}?', 'Pregunta sobre {ph}.', '¿Cuánto cuesta {ph}?'],
    ],
  },
  noise: {
    ph: {
      question: 'source',
      values: {
        party_music: [['loud music from a party', 'a loud party'], ['música muy alta de una fiesta', 'una fiesta muy ruidosa']],
        construction: ['construction noise after hours', 'ruido de construcción fuera de horario'],
        barking_dog: ['a dog barking nonstop', 'un perro que ladra sin parar'],
        vehicle: ['loud car stereos and revving engines', 'estéreos a todo volumen y motores acelerando'],
        business: ['loud music from a business', 'música muy alta de un negocio'],
        other: ['loud noise', 'mucho ruido'],
      },
    },
    what: [['{ph}', 'a noise complaint: {ph}'], ['{ph}', 'una queja por ruido: {ph}']],
    say: [
      ['There is {ph} every night.', 'Noise complaint: {ph}, it is after 11 pm.', 'Cannot sleep because of {ph}.', 'Again {ph}, this happens every weekend.'],
      ['Hay {ph} todas las noches.', 'Queja por ruido: {ph}, ya son más de las 11.', 'No podemos dormir por {ph}.', 'Otra vez {ph}, pasa todos los fines de semana.'],
    ],
  },
  speeding: {
    what: [['speeding on a residential street', 'a request for traffic enforcement'], ['exceso de velocidad en una calle residencial', 'una solicitud de vigilancia de tránsito']],
    say: [
      ['Cars race down this street, somebody is going to get hurt.', 'People speed through here and run the stop sign.', 'Please send a deputy, cars go 50 in front of the school.', 'Street racing late at night.'],
      ['Los carros corren a toda velocidad por esta calle, alguien va a salir herido.', 'La gente pasa muy rápido y no respeta el alto.', 'Por favor manden un patrullero, los carros pasan a 50 enfrente de la escuela.', 'Hay arrancones en la madrugada.'],
    ],
  },
  fireworks: {
    what: [['illegal fireworks', 'people setting off illegal fireworks'], ['fuegos artificiales ilegales', 'gente tirando cohetes ilegales']],
    say: [
      ['Illegal fireworks going off in the street.', 'Huge explosions, the dogs are terrified.', 'Neighbors shooting aerial fireworks for hours.'],
      ['Están tirando cohetes ilegales en la calle.', 'Explosiones muy fuertes, los perros están aterrados.', 'Los vecinos llevan horas tirando cohetes.'],
    ],
  },
  internal_work_order: {
    ph: {
      question: 'work_type',
      values: {
        asphalt: ['asphalt patching', 'bacheo'],
        concrete: ['sidewalk grinding', 'rebaje de acera'],
        signs_striping: ['restriping the crosswalk', 'repintado del cruce peatonal'],
        debris: ['debris removal', 'retiro de escombros'],
        drainage: ['cleaning the catch basin', 'limpieza de coladera'],
        other: ['general maintenance', 'mantenimiento general'],
      },
    },
    what: [['{ph} needed', 'scheduled {ph}'], ['se necesita {ph}', '{ph} programado']],
    say: [['{ph} needed at this location.'], ['Se necesita {ph} en este lugar.']],
  },
  facility_maintenance: {
    ph: {
      question: 'problem',
      values: {
        hvac: ['air conditioning not working', 'aire acondicionado descompuesto'],
        plumbing: ['leaking sink in the restroom', 'lavabo con fuga en el baño'],
        electrical: ['lights out in the hallway', 'luces apagadas en el pasillo'],
        roof: ['roof leak over the front desk', 'gotera sobre el mostrador'],
        janitorial: ['carpet needs cleaning', 'alfombra que necesita limpieza'],
        other: ['door closer broken', 'cierrapuertas roto'],
      },
    },
    what: [['{ph}'], ['{ph}']],
    say: [['{ph}.', 'Facility issue: {ph}.'], ['{ph}.', 'Problema en el edificio: {ph}.']],
  },
};

/** Where in the block: appended to some resident descriptions. */
export const PLACES: Bi = [
  [
    'in front of my house',
    'near the corner',
    'across from the school',
    'next to the bus stop',
    'by the alley entrance',
    'on the north side of the street',
    'behind the shopping center',
    'near the church',
    'by the apartments',
    'in front of the laundromat',
    'next to the liquor store',
    'by the park entrance',
  ],
  [
    'enfrente de mi casa',
    'cerca de la esquina',
    'frente a la escuela',
    'junto a la parada del autobús',
    'a la entrada del callejón',
    'del lado norte de la calle',
    'detrás del centro comercial',
    'cerca de la iglesia',
    'por los departamentos',
    'enfrente de la lavandería',
    'junto a la licorería',
    'a la entrada del parque',
  ],
];

/** Closing words any report can end with. */
export const TAILS: Bi = [
  ['Please fix.', 'Thank you!', 'Please send someone soon.', 'Thanks for your help.', 'Thanks.'],
  ['Por favor arréglenlo.', '¡Gracias!', 'Por favor manden a alguien pronto.', 'Gracias por su ayuda.', 'Gracias.'],
];

/** Closing words for problems that linger (not for things happening right now). */
export const LINGERING_TAILS: Bi = [
  ['This has been there for over a week.', 'Second time I report this.', 'Kids walk by here every day.', 'It is getting worse.'],
  ['Lleva más de una semana así.', 'Es la segunda vez que lo reporto.', 'Los niños pasan por aquí todos los días.', 'Cada vez está peor.'],
];

/** Call-taker notes (phone, voicemail, walk-in): "{prefix} {what}." */
export const INTAKE_PREFIX: Record<'phone' | 'voicemail' | 'walk_in', Bi> = {
  phone: [
    ['Caller reports', 'Resident called about', 'Caller called to report', 'RP reports'],
    ['Persona que llama reporta', 'Residente llamó para reportar', 'Llamada de residente por', 'Llamó una vecina para reportar'],
  ],
  voicemail: [
    ['VM: caller reports', 'Voicemail from resident about', 'VM left after hours:'],
    ['Mensaje de voz: reporta', 'Mensaje de voz de un residente sobre', 'Mensaje fuera de horario:'],
  ],
  walk_in: [
    ['Walk-in at front counter reports', 'Resident came to City Hall about', 'Counter visit:'],
    ['Residente en ventanilla reporta', 'Vino un residente al Ayuntamiento por', 'Visita en ventanilla:'],
  ],
};

/** Call-taker notes for information questions: "{prefix} {what}." with what = "a question about …". */
export const INFO_PREFIX: Record<'phone' | 'voicemail' | 'walk_in', Bi> = {
  phone: [
    ['Caller had', 'Resident called with', 'Caller asked'],
    ['La persona tenía', 'Residente llamó con', 'Persona que llama hizo'],
  ],
  voicemail: [
    ['VM: caller left', 'Voicemail with'],
    ['Mensaje de voz con', 'Mensaje de voz: dejó'],
  ],
  walk_in: [
    ['Walk-in with', 'Resident at the counter had'],
    ['Residente en ventanilla con', 'Visita en ventanilla:'],
  ],
};

export const FIELD_FORMS: string[] = ['Crew found {what}.', 'Observed on patrol: {what}.', 'Spotted during route: {what}.', 'Logged in the field: {what}.'];
export const MEETING_FORMS: Bi = [
  ['Raised at the neighborhood block watch meeting: {what}.', 'Resident at community meeting reported {what}.'],
  ['Se planteó en la reunión de vigilancia vecinal: {what}.', 'Un residente en la reunión comunitaria reportó {what}.'],
];
export const LETTER_FORMS: Bi = [
  ['Letter received from resident: "{say}"', 'Letter: {say}'],
  ['Carta recibida de un residente: "{say}"', 'Carta: {say}'],
];
export const EMAIL_FORMS: Bi = [
  ['Hello. {say} Thank you.', 'Hi there. {say}', '{say} Regards.', 'Good morning. {say} Thanks.'],
  ['Hola, buenas tardes. {say} Gracias.', 'Buenas tardes. {say}', '{say} Saludos.', 'Buenos días. {say} Muchas gracias.'],
];

/** Public comments posted when a request is closed, by close reason, with service-specific ones for 'resolved'. */
export const RESOLVED_COMMENTS: Record<string, Bi> = {
  graffiti: [
    ['Graffiti removed. Thank you for reporting it.', 'Graffiti painted over; color matched as closely as possible.', 'Removed by the graffiti crew today.'],
    ['Se eliminó el grafiti. Gracias por reportarlo.', 'Se cubrió el grafiti; igualamos el color lo más posible.', 'La cuadrilla de grafiti lo eliminó hoy.'],
  ],
  pothole: [
    ['Pothole patched.', 'Crew filled the pothole with hot asphalt today.'],
    ['Se reparó el bache.', 'La cuadrilla rellenó el bache con asfalto caliente hoy.'],
  ],
  streetlight_out: [
    ['Streetlight repaired and working.', 'Replaced the lamp; the light is back on.'],
    ['Se reparó la luminaria y ya funciona.', 'Se cambió la lámpara; la luz ya está encendida.'],
  ],
  illegal_dumping: [
    ['Dumped items picked up.', 'Items removed by the Quality of Life crew.'],
    ['Se recogieron los objetos tirados.', 'La cuadrilla de Calidad de Vida retiró los objetos.'],
  ],
  abandoned_vehicle: [
    ['Vehicle was tagged, did not move within 72 hours and was towed.', 'Vehicle cited and towed.'],
    ['Se marcó el vehículo, no se movió en 72 horas y fue remolcado.', 'Se multó y se remolcó el vehículo.'],
  ],
  missed_trash_pickup: [
    ['The hauler came back and emptied the carts.', 'Collection completed.'],
    ['La compañía regresó y vació los contenedores.', 'Se completó la recolección.'],
  ],
  tree_down: [
    ['Tree removed and the street is clear.', 'Branch cut up and hauled away.'],
    ['Se retiró el árbol y la calle está despejada.', 'Se cortó y se retiró la rama.'],
  ],
  water_leak: [['Leak repaired by the water crew.', 'Service line repaired.'], ['La cuadrilla de agua reparó la fuga.', 'Se reparó la línea de servicio.']],
  traffic_signal: [['Signal repaired and back to normal operation.'], ['Se reparó el semáforo y ya funciona normalmente.']],
  dead_animal: [['Animal removed.'], ['Se retiró el animal.']],
  bulky_item_pickup: [['Items picked up. Thank you for using bulky item pickup.'], ['Se recogieron los artículos. Gracias por usar el servicio de recolección.']],
};

export const REASON_COMMENTS: Record<string, Bi> = {
  resolved: [
    ['This has been taken care of. Thank you for reporting it.', 'Work completed. Thanks for letting us know.', 'Resolved by our crew.'],
    ['Ya se atendió. Gracias por reportarlo.', 'Trabajo terminado. Gracias por avisarnos.', 'Nuestra cuadrilla lo resolvió.'],
  ],
  duplicate: [
    ['We already have a report for this and will take care of it under that request. Thank you.', 'Duplicate of an open request at the same location.'],
    ['Ya tenemos un reporte de esto y lo atenderemos con esa solicitud. Gracias.', 'Duplicado de una solicitud abierta en el mismo lugar.'],
  ],
  referred: [
    ['This is handled by another agency; we have forwarded your report to them.', 'Referred to the responsible agency.'],
    ['Esto lo atiende otra dependencia; ya le enviamos su reporte.', 'Se envió a la dependencia responsable.'],
  ],
  not_city_responsibility: [
    ['This is on private property, so it is the owner’s responsibility. We have let the owner know.', 'This is not maintained by the city.'],
    ['Esto está en propiedad privada y es responsabilidad del propietario. Ya le avisamos.', 'Esto no le corresponde a la ciudad.'],
  ],
  unable_to_locate: [
    ['Our crew could not find the problem at this location. If it is still there, please send a new request with more detail.'],
    ['Nuestra cuadrilla no encontró el problema en este lugar. Si sigue ahí, por favor envíe una nueva solicitud con más detalles.'],
  ],
  no_action_needed: [
    ['Inspected; no action is needed at this time.', 'Checked on site; nothing to correct.'],
    ['Se inspeccionó; no se requiere ninguna acción por ahora.', 'Se revisó en el lugar; no hay nada que corregir.'],
  ],
  withdrawn: [['Closed at the request of the reporter.'], ['Se cerró a petición de quien lo reportó.']],
};

/** Service-specific comments for other close reasons. */
export const SPECIAL_COMMENTS: Record<string, Partial<Record<string, Bi>>> = {
  streetlight_out: {
    referred: [
      ['This light belongs to Southern California Edison. We have forwarded your report to Edison.'],
      ['Esta luminaria pertenece a Southern California Edison. Ya enviamos su reporte a Edison.'],
    ],
  },
  encampment: {
    referred: [['Referred to the county homeless outreach team.'], ['Se envió al equipo de apoyo a personas sin hogar del condado.']],
  },
  shopping_carts: {
    referred: [['The store has been notified to retrieve its carts.'], ['Se notificó a la tienda para que recoja sus carritos.']],
  },
  abandoned_vehicle: {
    no_action_needed: [['The vehicle had been moved when the officer checked.'], ['El vehículo ya se había movido cuando el agente lo revisó.']],
  },
  pothole: {
    open: [
      ['Scheduled for repair. After the storms our crews are about six weeks behind; large potholes in travel lanes come first.'],
      ['Programado para reparación. Después de las tormentas, las cuadrillas llevan unas seis semanas de retraso; primero se reparan los baches grandes en los carriles de circulación.'],
    ],
  },
};
